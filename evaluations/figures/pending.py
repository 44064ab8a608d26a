"""Pending differences: where the registers now give another figure than a publication.

A published month reads its snapshot, so an SK, an agency or a validity date added later
never moves a published figure by itself. Staff see the difference instead, per affected
figure, and decide whether to reopen the month.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from evaluations.figures import catalog, loading
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import percent_text
from evaluations.figures.indicators import Ratio


@dataclass(frozen=True)
class Difference:
    scope: str
    label: str
    published: Ratio
    register: Ratio

    @property
    def sentence(self) -> str:
        return _("%(scope)s, %(label)s: register kini memberi %(now)s, publikasi menyebut %(then)s") % {
            "scope": self.scope,
            "label": self.label,
            "now": _ratio(self.register),
            "then": _ratio(self.published),
        }


def _ratio(value: Ratio) -> str:
    if value.total is None:
        return "—"
    return f"{value.count}/{value.total} ({percent_text(value.percent)})"


def pending_differences(card: Scorecard) -> list[Difference]:
    """The figures of a published scope (a province, or the nation and every province) that the
    registers now give differently; empty for a draft month or one published without snapshot."""
    if not card.period.is_published or card.targets is None:
        return []
    if card.province:
        published_cards = [card]
        live = loading.live_province(card.month, card.province, period=card.period)
        live_cards = {card.province.code: live}
    else:
        published_cards = [card, *card.provinces]
        live = loading.live_national(card.month)
        live_cards = {
            (each.province.code if each.province else None): each for each in (live, *live.provinces)
        }
    differences = []
    for published in published_cards:
        code = published.province.code if published.province else None
        now = live_cards.get(code)
        scope = published.province.name if published.province else _("Nasional")
        for spec in catalog.INDICATORS:
            before = published.measure(spec.key)
            after = now.measure(spec.key) if now else Ratio(None, None, None)
            if (before.count, before.total) != (after.count, after.total):
                differences.append(Difference(scope, str(spec.label), before, after))
    return differences
