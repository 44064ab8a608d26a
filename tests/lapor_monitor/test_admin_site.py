"""Every admin page loads for a superuser and an evaluator; changelists keep a fixed query count."""

import pytest

from agencies.models import Agency, Decree, Province
from evaluations.models import MonthlyEvaluation, Period, Target

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]

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
    changelist = admin_client_.get(_admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == model.objects.count()
    add = admin_client_.get(_admin_url(model, "add"))
    # Target has no add page: its indicators are fixed.
    assert add.status_code == (403 if model is Target else 200)
    obj = model.objects.first()
    change = admin_client_.get(_admin_url(model, "change", obj.pk))
    assert change.status_code == 200
    assert change.context["original"] == obj
    history = admin_client_.get(_admin_url(model, "change", obj.pk).replace("change/", "history/"))
    assert history.status_code == 200
    assert history.context["object"] == obj


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/admin/", "Data pemantauan SP4N-LAPOR!"),
        ("/admin/evaluations/monthlyevaluation/grid/", "Isian grid provinsi"),
        ("/admin/impor/evaluations/", "Impor evaluasi bulanan dari spreadsheet"),
        ("/admin/impor/agencies/", "Impor instansi dari spreadsheet"),
        ("/admin/impor/decrees/", "Impor SK dari spreadsheet"),
    ],
)
def test_own_pages_load(admin_client_, url, title):
    response = admin_client_.get(url)
    assert response.status_code == 200
    assert response.context["title"] == title


@pytest.mark.parametrize(
    ("url", "title", "rows"),
    [
        ("/admin/evaluations/periodchange/", "Pilih perubahan setelah publikasi untuk melihat", 0),
        ("/admin/evaluations/monthlyevaluation/?periode=2020-09", "Pilih evaluasi bulanan untuk diubah", 23),
        # A month that cannot be: no row, and no error page either.
        ("/admin/evaluations/monthlyevaluation/?periode=2020-99", "Pilih evaluasi bulanan untuk diubah", 0),
        ("/admin/agencies/agency/?berlaku=ya&q=ambon", "Pilih instansi untuk diubah", 1),
        ("/admin/agencies/decree/?status=berlaku", "Pilih SK tim SP4N-LAPOR! untuk diubah", 10),
    ],
)
def test_changelist_filters_load(admin_client_, url, title, rows):
    response = admin_client_.get(url)
    assert response.status_code == 200
    assert response.context["title"] == title
    assert response.context["cl"].result_count == rows


def test_the_close_page_loads(admin_client_):
    period = Period.objects.get()
    response = admin_client_.get(f"/admin/evaluations/period/{period.pk}/penutupan/")
    assert response.status_code == 200
    assert response.context["title"] == "Penutupan bulan September 2020"


def test_the_admin_is_in_indonesian(evaluator_client, reference_data):
    html = evaluator_client.get("/admin/").content.decode()
    assert "Instansi" in html and "Evaluasi bulanan" in html and "SK tim SP4N-LAPOR!" in html
