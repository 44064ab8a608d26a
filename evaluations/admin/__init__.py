"""The evaluations app in the admin (Django imports this package to register its model admins)."""

from evaluations.admin import monthly, periods

__all__ = ["monthly", "periods"]
