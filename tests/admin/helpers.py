"""Helpers that drive the admin's own pages the way a browser would."""

from evaluations.periods import format_period

GRID_URL = "/admin/evaluations/monthlyevaluation/grid/"


def grid_url(province, month) -> str:
    return f"{GRID_URL}?provinsi={province.pk}&periode={format_period(month)}"


def grid_post(client, province, month, values: dict[str, tuple]):
    """Open the grid, keep every row as prefilled except those in `values`, and save.

    `values` maps an agency code to (activity "ya"/"tidak"/"", received, followed_up, completed).
    """
    url = grid_url(province, month)
    page = client.get(url)
    assert page.status_code == 200
    data = {"form-TOTAL_FORMS": str(len(page.context["rows"])), "form-INITIAL_FORMS": "0"}
    for index, (agency, form) in enumerate(page.context["rows"]):
        row = dict(form.initial)
        if agency.code in values:
            activity, received, followed_up, completed = values[agency.code]
            row.update(
                account_active=activity, received=received, followed_up=followed_up, completed=completed
            )
        for name in ("agency", "account_active", "received", "followed_up", "completed"):
            value = row.get(name)
            data[f"form-{index}-{name}"] = "" if value is None else str(value)
    return client.post(url, data)
