-- wrk script: rotate over the dashboard's main pages (logged in through the Cookie header).
local paths = {
  "/", "/provinsi/33/", "/provinsi/81/", "/provinsi/35/", "/provinsi/91/",
  "/instansi/3301/", "/instansi/8171/", "/scorecard.json", "/provinsi/82/scorecard.json",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
