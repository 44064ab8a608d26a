import pytest
from django.core.exceptions import PermissionDenied

from evaluations.entry.closing import ClosingError, period_changes, publish, reopen
from evaluations.models import MonthlyEvaluation, Period
from tests.conftest import SEPTEMBER_2020
from tests.helpers import close_url

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def test_reopening_needs_the_specific_permission_and_a_reason(
    coordinator, coordinator_client, reference_data
):
    with pytest.raises(PermissionDenied):
        reopen(SEPTEMBER_2020, coordinator, "Koreksi data Kota Ambon")
    page = coordinator_client.get(close_url(SEPTEMBER_2020))
    assert "izin khusus" in page.content.decode()
    assert 'id="reopen-form"' not in page.content.decode()
    assert Period.objects.get(month=SEPTEMBER_2020).is_published


def test_reopening_is_a_permission_the_evaluator_group_carries(evaluator, evaluator_client, reference_data):
    from django.contrib.auth.models import Group

    assert Group.objects.get(name="Evaluator").permissions.filter(codename="reopen_period").exists()
    assert 'id="reopen-form"' in evaluator_client.get(close_url(SEPTEMBER_2020)).content.decode()
    reopen(SEPTEMBER_2020, evaluator, "Koreksi data Kota Ambon")
    assert not Period.objects.get(month=SEPTEMBER_2020).is_published


def test_reopen_without_a_reason_is_refused(reopener, client, reference_data):
    with pytest.raises(ClosingError):
        reopen(SEPTEMBER_2020, reopener, "  ")
    client.force_login(reopener)
    response = client.post(close_url(SEPTEMBER_2020), {"action": "reopen", "alasan": "x"})
    assert response.context["reopen_form"].errors["alasan"]
    assert Period.objects.get(month=SEPTEMBER_2020).is_published


def test_a_third_revision_lists_only_its_own_changes(reopener, evaluator, maluku_province):
    grid_values = MonthlyEvaluation.objects.filter(month=SEPTEMBER_2020)
    assert grid_values.exists()
    reopen(SEPTEMBER_2020, reopener, "koreksi pertama Kota Ambon")
    MonthlyEvaluation.objects.filter(month=SEPTEMBER_2020, agency__code="8171").update(
        received=5, followed_up=5, completed=5
    )
    publish(SEPTEMBER_2020, evaluator)
    reopen(SEPTEMBER_2020, reopener, "koreksi kedua Kota Tual")
    MonthlyEvaluation.objects.filter(month=SEPTEMBER_2020, agency__code="8172").update(
        received=1, followed_up=0, completed=0
    )
    period = publish(SEPTEMBER_2020, evaluator)
    assert period.revision == 3
    logs = period_changes(SEPTEMBER_2020)
    assert [log.revision for log in logs] == [1, 2, 3]
    assert {c.agency_code for c in logs[1].changes} == {"8171"}
    assert {c.agency_code for c in logs[2].changes} == {"8172"}
    assert logs[2].reason == "koreksi kedua Kota Tual"


def test_publishing_twice_is_refused(evaluator, reference_data):
    with pytest.raises(ClosingError):
        publish(SEPTEMBER_2020, evaluator)


def test_period_changes_reads_in_four_queries(
    reopener, evaluator, maluku_province, django_assert_max_num_queries
):
    reopen(SEPTEMBER_2020, reopener, "koreksi data seluruh provinsi")
    MonthlyEvaluation.objects.filter(month=SEPTEMBER_2020).update(received=2, followed_up=1, completed=1)
    publish(SEPTEMBER_2020, evaluator)
    # 1 events with their users, 2 their users' groups, 3 changes with agencies and editors,
    # 4 the editors' groups (none when no change has an editor).
    with django_assert_max_num_queries(4):
        logs = period_changes(SEPTEMBER_2020)
    assert len(logs[-1].changes) >= 23


def test_the_log_names_an_editor_by_full_name_or_role_never_by_username(reopener, maluku_province):
    from tests.conftest import make_user

    reopener.first_name = ""
    reopener.save()
    publisher = make_user("sri", is_staff=True, is_superuser=True, first_name="Sri", last_name="Wahyuni")
    reopen(SEPTEMBER_2020, reopener, "koreksi data Kota Ambon")
    publish(SEPTEMBER_2020, publisher)
    log = period_changes(SEPTEMBER_2020)[-1]
    assert log.reopened_by == "Evaluator"  # no full name: the role, not "evaluator"
    assert log.published_by == "Sri Wahyuni"  # the full name, not "sri"
