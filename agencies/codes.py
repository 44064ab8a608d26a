"""The one rule for agency codes (Kemendagri area codes without dots), used by the admin's
forms (through `Agency.clean`) and the import alike."""

import re

from django.utils.translation import gettext as _

from agencies.choices import AgencyKind


def agency_code_problem(code: str, kind: str, province_code: str) -> str | None:
    """Why `code` is not a valid Kemendagri code for an agency of `kind` in the province, or None.

    >>> agency_code_problem("8171", "kota", "81") is None, agency_code_problem("8101", "kota", "81") is None
    (True, False)
    """
    if kind == AgencyKind.PROVINSI:
        if code != province_code:
            return _("kode pemerintah provinsi sama dengan kode provinsinya (%(p)s).") % {"p": province_code}
    elif kind in (AgencyKind.KABUPATEN, AgencyKind.KOTA):
        if not re.fullmatch(r"\d{4}", code) or not code.startswith(province_code):
            return _("kode kabupaten/kota ditulis %(p)sKK (empat angka tanpa titik, mis. %(p)s71).") % {
                "p": province_code
            }
        number = int(code[2:])
        if kind == AgencyKind.KABUPATEN and not 1 <= number <= 69:
            return _("kode kabupaten berakhir 01–69.")
        if kind == AgencyKind.KOTA and not 71 <= number <= 99:
            return _("kode kota berakhir 71–99.")
    elif not re.fullmatch(r"[A-Za-z0-9-]+", code):
        return _("kode hanya boleh berisi huruf, angka dan tanda hubung.")
    return None
