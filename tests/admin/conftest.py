from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from agencies.models import Agency, CoordinatorAssignment, Province
from agencies.scoping import COORDINATOR_GROUP, EVALUATOR_GROUP

SEPTEMBER_2020 = date(2020, 9, 1)
OCTOBER_2020 = date(2020, 10, 1)


def _user(username: str, group: str | None = None, **fields):
    user = get_user_model().objects.create_user(username, password="rahasia-123", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def superuser(db):
    return _user("super", is_staff=True, is_superuser=True)


@pytest.fixture
def evaluator(db):
    return _user("evaluator", EVALUATOR_GROUP, is_staff=True, first_name="Eva")


@pytest.fixture
def reopener(evaluator):
    """An evaluator who also holds the specific permission to reopen a published month."""
    evaluator.user_permissions.add(Permission.objects.get(codename="reopen_period"))
    return get_user_model().objects.get(pk=evaluator.pk)


@pytest.fixture
def maluku(reference_data):
    return Province.objects.get(code="81")


@pytest.fixture
def maluku_utara(reference_data):
    return Province.objects.get(code="82")


@pytest.fixture
def coordinator(maluku):
    user = _user("koordinator", COORDINATOR_GROUP, is_staff=True)
    CoordinatorAssignment.objects.create(user=user, province=maluku)
    return user


@pytest.fixture
def evaluator_client(client, evaluator):
    client.force_login(evaluator)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def ambon(reference_data):
    return Agency.objects.get(code="8171")


@pytest.fixture
def ternate(reference_data):
    return Agency.objects.get(code="8271")
