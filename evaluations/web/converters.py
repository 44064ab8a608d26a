"""Path converters: a URL whose code cannot be a code is a 404 before any query runs."""


class ProvinceCode:
    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class AgencyCode(ProvinceCode):
    regex = r"[A-Za-z0-9-]{1,20}"
