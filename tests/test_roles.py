"""The role matrix: anonymous, viewer, evaluator and provincial coordinator (of Maluku) over
every dashboard page and the admin's pages and actions."""

import pytest
from django.contrib.auth.models import Group

from agencies.models import Agency
from evaluations.models import MonthlyEvaluation, Period
from tests.conftest import OCTOBER_2020, SEPTEMBER_2020
from tests.factories import make_evaluation, make_period

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]

ROLES = ("anonymous", "viewer", "evaluator", "coordinator")


@pytest.fixture
def users(reference_data, viewer, evaluator, coordinator):
    """A draft October 2020 with one evaluation in Maluku and one in Maluku Utara, and a user of
    each role (the viewer in the viewers' group, the coordinator of Maluku)."""
    make_period(OCTOBER_2020, status="draft")
    make_evaluation(Agency.objects.get(code="8101"), OCTOBER_2020, active=True)
    make_evaluation(Agency.objects.get(code="8201"), OCTOBER_2020, active=True)
    viewer.groups.add(Group.objects.get(name="Pemantau"))
    return {"anonymous": None, "viewer": viewer, "evaluator": evaluator, "coordinator": coordinator}


def _get(client, users, role, url):
    if users[role] is not None:
        client.force_login(users[role])
    return client.get(url)


def _ids() -> dict[str, int]:
    return {
        "maluku_evaluation": MonthlyEvaluation.objects.get(agency__code="8101", month=OCTOBER_2020).pk,
        "malut_evaluation": MonthlyEvaluation.objects.get(agency__code="8201", month=OCTOBER_2020).pk,
        "maluku_agency": Agency.objects.get(code="8171").pk,
        "malut_agency": Agency.objects.get(code="8271").pk,
        "published": Period.objects.get(month=SEPTEMBER_2020).pk,
    }


LOGIN = "login"  # a redirect to a log-in page
# url template → expected status per role (anonymous, viewer, evaluator, coordinator)
MATRIX = [
    ("/?periode=2020-09", (LOGIN, 200, 200, 200)),
    ("/provinsi/81/?periode=2020-09", (LOGIN, 200, 200, 200)),
    ("/instansi/8171/?periode=2020-09", (LOGIN, 200, 200, 200)),
    ("/scorecard.json?periode=2020-09", (LOGIN, 200, 200, 200)),
    ("/provinsi/82/scorecard.json?periode=2020-09", (LOGIN, 200, 200, 200)),
    ("/provinsi/81/laporan/2020-09.pdf", (LOGIN, 200, 200, 200)),
    # A draft month: evaluators everywhere, a coordinator on their own province's pages only.
    ("/provinsi/81/?periode=2020-10", (LOGIN, 404, 200, 200)),
    ("/provinsi/81/scorecard.json?periode=2020-10", (LOGIN, 404, 200, 200)),
    ("/provinsi/81/laporan/2020-10.pdf", (LOGIN, 404, 200, 200)),
    ("/provinsi/82/?periode=2020-10", (LOGIN, 404, 200, 404)),
    ("/provinsi/82/scorecard.json?periode=2020-10", (LOGIN, 404, 200, 404)),
    ("/provinsi/82/laporan/2020-10.pdf", (LOGIN, 404, 200, 404)),
    ("/?periode=2020-10", (LOGIN, 404, 200, 404)),
    ("/laporan/2020-10.pdf", (LOGIN, 404, 200, 404)),
    # Admin: staff only; coordinators see their own province's records only.
    ("/admin/", (LOGIN, LOGIN, 200, 200)),
    ("/admin/agencies/agency/", (LOGIN, LOGIN, 200, 200)),
    ("/admin/agencies/agency/{maluku_agency}/change/", (LOGIN, LOGIN, 200, 200)),
    ("/admin/agencies/agency/{malut_agency}/change/", (LOGIN, LOGIN, 200, 404)),
    ("/admin/evaluations/monthlyevaluation/", (LOGIN, LOGIN, 200, 200)),
    ("/admin/evaluations/monthlyevaluation/{maluku_evaluation}/change/", (LOGIN, LOGIN, 200, 200)),
    ("/admin/evaluations/monthlyevaluation/{malut_evaluation}/change/", (LOGIN, LOGIN, 200, 404)),
    ("/admin/evaluations/monthlyevaluation/grid/", (LOGIN, LOGIN, 200, 200)),
    ("/admin/evaluations/target/", (LOGIN, LOGIN, 200, 403)),
    # Coordinators may look at the month's close page (view permission), not publish (below).
    ("/admin/evaluations/period/{published}/penutupan/", (LOGIN, LOGIN, 200, 200)),
    ("/admin/auth/user/", (LOGIN, LOGIN, 403, 403)),
]


@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(users, client, role, url, expected):
    response = _get(client, users, role, url.format(**_ids()))
    want = expected[ROLES.index(role)]
    if want == LOGIN:
        assert response.status_code == 302, response.status_code
        login = "/admin/login/" if url.startswith("/admin/") else "/masuk/"
        assert response["Location"].startswith(f"{login}?next=")
    else:
        assert response.status_code == want, (role, url, response.status_code)


def test_coordinator_changelist_lists_only_their_province(users, client):
    client.force_login(users["coordinator"])
    page = client.get("/admin/evaluations/monthlyevaluation/").content.decode()
    assert "8101" in page
    assert "8201" not in page


def test_only_an_evaluator_may_publish(users, client):
    url = f"/admin/evaluations/period/{Period.objects.get(month=OCTOBER_2020).pk}/penutupan/"
    client.force_login(users["coordinator"])
    client.post(url, {"action": "publish", "konfirmasi": "ya"})
    assert Period.objects.get(month=OCTOBER_2020).status == "draft"
