"""Which provinces a user may see and edit in admin, the grid and imports.

Provincial coordinators (group "Koordinator provinsi", or anyone with an assigned
province) are limited to the provinces assigned to them; superusers and evaluators are
not limited. The answer is cached on the user object for the request.
"""

from django.utils.translation import gettext_lazy as _

EVALUATOR_GROUP = "Evaluator"
COORDINATOR_GROUP = "Koordinator provinsi"
VIEWER_GROUP = "Pemantau"

OUT_OF_SCOPE_MESSAGE = _("instansi %(code)s berada di luar provinsi yang menjadi wewenang Anda.")

_CACHE = "_lapor_province_scope"


def allowed_province_ids(user) -> frozenset[int] | None:
    """The ids of the provinces `user` is limited to, or None when not limited.

    Two queries the first time per user object (groups, assignments), none afterwards.
    A coordinator without any assigned province gets an empty set: they see nothing.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, _CACHE):
        return getattr(user, _CACHE)
    scope = None
    if not user.is_superuser:
        groups = set(user.groups.values_list("name", flat=True))
        if EVALUATOR_GROUP not in groups:
            provinces = frozenset(user.coordinated_provinces.values_list("province_id", flat=True))
            if COORDINATOR_GROUP in groups or provinces:
                scope = provinces
    setattr(user, _CACHE, scope)
    return scope


def in_scope(user, province_id: int | None) -> bool:
    scope = allowed_province_ids(user)
    return scope is None or province_id in scope
