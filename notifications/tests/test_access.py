"""Who may open the three notification URLs: the outcomes for the permission matrix's rows."""

import pytest
from django.urls import reverse

from conftest import PERSONAS, client_for
from notifications.models import Notification
from tests.test_permission_matrix import MEMBERS_ONLY, classify

LIST_OUTCOMES = MEMBERS_ONLY  # ok for every signed-in member of an approved organisation
READ_ALL_OUTCOMES = {**MEMBERS_ONLY, "default": "done"}
# The notification belongs to korean_member: anyone else (KDIA included) finds nothing.
OPEN_OUTCOMES = {**MEMBERS_ONLY, "korean_member": "done", "default": "missing"}


def expected(outcomes, persona):
    return outcomes.get(persona, outcomes.get("default", "ok"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_list(world, persona):
    response = client_for(world, persona).get(reverse("notifications:list"))
    assert classify(response) == expected(LIST_OUTCOMES, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_open(world, persona):
    notification = Notification.objects.create(
        user=world.users.korean_member, title_ko="알림", title_en="Notice", url="/"
    )
    response = client_for(world, persona).get(reverse("notifications:open", args=[notification.pk]))
    assert classify(response) == expected(OPEN_OUTCOMES, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_all(world, persona):
    response = client_for(world, persona).post(reverse("notifications:read_all"))
    assert classify(response) == expected(READ_ALL_OUTCOMES, persona)
