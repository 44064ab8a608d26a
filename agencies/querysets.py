from datetime import date

from django.db import models
from django.db.models import Q


def existing_on(day: date, prefix: str = "") -> Q:
    """Rows whose validity interval [valid_from, valid_until] contains `day` (open ends allowed)."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


class ProvinceQuerySet(models.QuerySet):
    def existing_on(self, day: date) -> "ProvinceQuerySet":
        return self.filter(existing_on(day))

    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class AgencyQuerySet(models.QuerySet):
    def existing_on(self, day: date) -> "AgencyQuerySet":
        """Agencies that existed on `day`, in a province that existed then too."""
        return self.filter(existing_on(day), existing_on(day, "province__"))

    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class DecreeQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> "DecreeQuerySet":
        """Decrees issued on or before `day` and not expired before it."""
        return self.filter(Q(issued_on__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gte=day))

    def get_by_natural_key(self, agency_code: str, number: str):
        return self.get(agency__code=agency_code, number=number)
