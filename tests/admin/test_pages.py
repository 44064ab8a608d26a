"""Every admin page loads for a superuser and an evaluator; changelists keep a fixed query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency, Decree, Province
from evaluations.models import MonthlyEvaluation, Period, Target
from tests.factories import make_agencies, make_decree, make_evaluation, make_province

pytestmark = pytest.mark.django_db

MODELS = [Province, Agency, Decree, MonthlyEvaluation, Period, Target]


def _admin_url(model, view, *args):
    opts = model._meta
    suffix = "/".join(str(a) for a in args)
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    return {"changelist": base, "add": f"{base}add/", "change": f"{base}{suffix}/change/"}[view]


@pytest.fixture(params=["superuser_client", "evaluator_client"])
def admin_client_(request, reference_data):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_add_and_change_pages_load(admin_client_, model):
    assert admin_client_.get(_admin_url(model, "changelist")).status_code == 200
    add = admin_client_.get(_admin_url(model, "add"))
    assert add.status_code in (200, 403)  # Target has no add page (its indicators are fixed)
    if model is not Target:
        assert add.status_code == 200
    obj = model.objects.first()
    assert admin_client_.get(_admin_url(model, "change", obj.pk)).status_code == 200
    assert (
        admin_client_.get(_admin_url(model, "change", obj.pk).replace("change/", "history/")).status_code
        == 200
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/evaluations/monthlyevaluation/grid/",
        "/admin/impor/evaluations/",
        "/admin/impor/agencies/",
        "/admin/impor/decrees/",
        "/admin/evaluations/periodchange/",
        "/admin/evaluations/monthlyevaluation/?periode=2020-09",
        "/admin/evaluations/monthlyevaluation/?periode=2020-99",
        "/admin/agencies/agency/?berlaku=ya&q=ambon",
        "/admin/agencies/decree/?status=berlaku",
    ],
)
def test_own_pages_load(admin_client_, url):
    assert admin_client_.get(url).status_code == 200


def test_the_close_page_loads(admin_client_):
    period = Period.objects.get()
    assert admin_client_.get(f"/admin/evaluations/period/{period.pk}/penutupan/").status_code == 200


def test_the_admin_is_in_indonesian(evaluator_client, reference_data):
    html = evaluator_client.get("/admin/").content.decode()
    assert "Instansi" in html and "Evaluasi bulanan" in html and "SK tim SP4N-LAPOR!" in html


def _fill(count: int) -> None:
    """`count` agencies in a new province, each with a decree and an evaluation in a published month."""
    province = make_province("11", "Aceh")
    month = date(2021, 1, 1)
    Period.objects.create(month=month)
    for agency in make_agencies(province, count):
        make_decree(agency, date(2020, 1, 1))
        make_evaluation(agency, month, active=True, received=3, followed_up=2, completed=1)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Every changelist, for an evaluator: session, user, user permissions, group permissions,
# the paginator's count and the full count, the page of rows (relations joined, counts and
# period status annotated). Then, per page:
#   + 1 the user's groups (province scope)          on province, agency, decree, evaluation
#   + 1 the provinces present (related-only filter) on agency, decree, evaluation
#   + 1 the months (month filter)                   on evaluation
CHANGELISTS = {
    "/admin/agencies/province/": 7 + 1,
    "/admin/agencies/agency/": 7 + 2,
    "/admin/agencies/decree/": 7 + 2,
    "/admin/evaluations/monthlyevaluation/": 7 + 3,
    "/admin/evaluations/period/": 7,
    "/admin/evaluations/target/": 7,
}


@pytest.mark.parametrize(("url", "expected"), CHANGELISTS.items())
def test_changelist_query_count_does_not_grow_with_rows(evaluator, client, url, expected):
    client.force_login(evaluator)
    _fill(1)
    with_one = _queries(client, url)
    aceh = Province.objects.get(code="11")
    for n in range(2, 26):
        agency = Agency.objects.create(
            code=f"11{n:02d}", name=f"Kabupaten {n}", kind="kabupaten", province=aceh
        )
        make_decree(agency, date(2020, 1, 1))
        make_evaluation(agency, date(2021, 1, 1), active=True)
        Period.objects.get_or_create(month=date(2019, n % 12 + 1, 1))
    with_many = _queries(client, url)
    assert with_one == with_many == expected


def test_a_coordinators_changelist_adds_only_the_scope_query(coordinator, client):
    client.force_login(coordinator)
    # As for an evaluator, plus the coordinator's assigned provinces.
    assert _queries(client, "/admin/evaluations/monthlyevaluation/") == 7 + 3 + 1
