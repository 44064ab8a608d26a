"""The map of provinces: a tile grid, one equal tile per province placed roughly where it lies
(so Jakarta and Papua Pegunungan are both visible), drawn as SVG on the server so it works
without JavaScript, prints, and goes into the PDF as it is.

Its layout is data: province code → (column, row, short name). A month shows the tiles of the
provinces that existed then (34 before the 2022 split of Papua, 38 after).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from evaluations.figures import catalog
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import percent_text
from evaluations.figures.indicators import Bands
from evaluations.figures.targets import indicator_band
from evaluations.periods import format_period

# code: (column, row, short name), west to east, north to south.
LAYOUT: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "Aceh"),
    "12": (0, 1, "Sumut"),
    "14": (1, 1, "Riau"),
    "21": (2, 1, "Kepri"),
    "13": (0, 2, "Sumbar"),
    "15": (1, 2, "Jambi"),
    "19": (2, 2, "Babel"),
    "17": (0, 3, "Bengkulu"),
    "16": (1, 3, "Sumsel"),
    "18": (1, 4, "Lampung"),
    "36": (2, 4, "Banten"),
    "31": (3, 4, "DKI"),
    "32": (4, 4, "Jabar"),
    "33": (5, 4, "Jateng"),
    "35": (6, 4, "Jatim"),
    "34": (5, 5, "DIY"),
    "51": (7, 5, "Bali"),
    "52": (8, 5, "NTB"),
    "53": (9, 5, "NTT"),
    "65": (5, 0, "Kaltara"),
    "61": (4, 1, "Kalbar"),
    "64": (5, 1, "Kaltim"),
    "62": (4, 2, "Kalteng"),
    "63": (5, 2, "Kalsel"),
    "75": (7, 0, "Gtlo"),
    "71": (8, 0, "Sulut"),
    "76": (7, 1, "Sulbar"),
    "72": (8, 1, "Sulteng"),
    "73": (7, 2, "Sulsel"),
    "74": (8, 2, "Sultra"),
    "82": (10, 1, "Malut"),
    "81": (10, 2, "Maluku"),
    "96": (11, 1, "PBD"),
    "92": (12, 1, "Pabar"),
    "94": (11, 2, "Papteng"),
    "91": (12, 2, "Papua"),
    "95": (11, 3, "Papeg"),
    "93": (12, 3, "Papsel"),
}
TILE = 62
GAP = 4
TEXT_DARK = "#212121"
NOT_EVALUATED = "#e0e0e0"


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    short: str
    x: int
    y: int
    url: str
    value: str
    band: str
    fill: str
    text: str
    label: str

    @property
    def svg(self) -> str:
        """The tile as `_tilemap.html` draws it: a link holding its square and two lines of
        text (code and short name, then the value). Written here rather than in the template:
        38 tiles of 14 values each cost the template engine more than the rest of the map."""
        label = escape(self.label)
        size = 11 if self.band == "none" else 17
        x, fill, text = self.x + TILE // 2, escape(self.fill), escape(self.text)
        return mark_safe(  # noqa: S308 - every value escaped
            f'<a href="{escape(self.url)}" aria-label="{label}" class="tile band-{escape(self.band)}" '
            f'data-code="{escape(self.code)}">\n'
            f"    <title>{label}</title>\n"
            f'    <rect x="{self.x}" y="{self.y}" width="{TILE}" height="{TILE}" rx="4" fill="{fill}"/>\n'
            f'    <text x="{x}" y="{self.y + 15}" text-anchor="middle" font-size="9" fill="{text}">'
            f"{escape(self.code)} {escape(self.short)}</text>\n"
            f'    <text x="{x}" y="{self.y + 42}" text-anchor="middle" font-size="{size}" font-weight="bold" '
            f'fill="{text}">{escape(self.value)}</text>\n'
            "  </a>"
        )


def map_indicators() -> tuple[catalog.IndicatorSpec, ...]:
    """The indicators a map may be coloured by: those with a target (bands)."""
    return catalog.BANDED


def chosen(key: str | None) -> catalog.IndicatorSpec:
    specs = {spec.key: spec for spec in map_indicators()}
    return specs.get(key or "", map_indicators()[0])


def tiles(card: Scorecard, bands: dict[str, Bands], spec: catalog.IndicatorSpec) -> list[Tile]:
    """One tile per province of the national scorecard `card`, coloured by `spec`'s band."""
    period = format_period(card.month)
    result = []
    for province in card.provinces:
        code, name = province.province.code, province.province.name
        column, row, short = LAYOUT.get(code, (13, 5, code))
        if province.is_evaluated:
            value = province.measure(spec.key)
            band = indicator_band(province, spec.key, bands)
            shown = percent_text(value.percent)
            fill = catalog.BAND_PALETTE[band.value]
            label = f"{code} {short} {shown} — {name}: {spec.label}, {band.label}"
            band_key, text = band.value, "#ffffff"
        else:
            shown, band_key, fill, text = _("belum"), "none", NOT_EVALUATED, TEXT_DARK
            label = f"{code} {short} {shown} — " + _("%(name)s: belum dievaluasi") % {"name": name}
        result.append(
            Tile(
                code=code,
                name=name,
                short=short,
                x=GAP + column * (TILE + GAP),
                y=GAP + row * (TILE + GAP),
                url=reverse("evaluations:province", args=[code]) + f"?periode={period}",
                value=shown,
                band=band_key,
                fill=fill,
                text=text,
                label=label,
            )
        )
    return result


def size() -> tuple[int, int]:
    columns = 1 + max(column for column, _row, _name in LAYOUT.values())
    rows = 1 + max(row for _column, row, _name in LAYOUT.values())
    return GAP + columns * (TILE + GAP), GAP + rows * (TILE + GAP)
