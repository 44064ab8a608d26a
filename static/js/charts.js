// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">
// (written by Django's json_script). Chart data comes from the server; this file only styles it.
(function () {
  "use strict";

  function percentTick(unit) {
    return function (value) { return unit === "%" ? value + "%" : value; };
  }

  // Target lines: dashed, in the indicator's colour, across the value axis (spec.targets).
  var targetLines = {
    id: "laporTargets",
    afterDatasetsDraw: function (chart, _args, options) {
      var targets = options.targets || [];
      if (!targets.length) { return; }
      var horizontal = chart.options.indexAxis === "y";
      var scale = horizontal ? chart.scales.x : chart.scales.y;
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      targets.forEach(function (target) {
        var at = scale.getPixelForValue(target.value);
        ctx.strokeStyle = target.color;
        ctx.beginPath();
        if (horizontal) { ctx.moveTo(at, area.top); ctx.lineTo(at, area.bottom); }
        else { ctx.moveTo(area.left, at); ctx.lineTo(area.right, at); }
        ctx.stroke();
      });
      ctx.restore();
    },
  };

  function config(spec) {
    var isDoughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (d) {
      var set = { label: d.label, data: d.data };
      if (isDoughnut) {
        set.backgroundColor = d.colors;
        set.borderWidth = 1;
      } else {
        set.backgroundColor = d.color;
        set.borderColor = d.color;
        set.spanGaps = false;
        set.tension = 0.2;
        set.pointRadius = 3;
      }
      return set;
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { position: "bottom" }, laporTargets: { targets: spec.targets || [] } },
    };
    if (!isDoughnut) {
      options.scales = { y: { beginAtZero: true, ticks: { callback: percentTick(spec.unit) } } };
      if (spec.unit === "%") { options.scales.y.max = 100; }
      if (spec.type === "bar" && spec.labels.length > 12) {
        options.indexAxis = "y";
        options.scales = { x: { beginAtZero: true, max: 100, ticks: { callback: percentTick(spec.unit) } } };
      }
    }
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: options,
      plugins: [targetLines],
    };
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || !window.Chart) { return; }
      var spec = JSON.parse(source.textContent);
      if (spec.type === "bar" && spec.labels.length > 12
          && !canvas.parentElement.classList.contains("chart-box-tall")) {
        canvas.parentElement.style.height = Math.max(300, spec.labels.length * 22) + "px";
      }
      new window.Chart(canvas, config(spec));
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(); });
})();
