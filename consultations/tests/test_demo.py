"""The demo's consultation cases: one in each state, loaded once."""

import pytest
from django.core.management import call_command

from consultations.choices import Status
from consultations.models import Case

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_in_every_state_and_loading_again_adds_none():
    call_command("load_demo")
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        Status.RESOLVED,
        Status.WAITING_REQUESTER,
        Status.OPEN,
        Status.IN_PROGRESS,
        Status.CLOSED,
    } <= statuses
    assert Case.objects.overdue().exists()
    assert Case.objects.filter(event__isnull=False, programme__isnull=False).exists()
    count = Case.objects.count()
    call_command("load_demo")
    assert Case.objects.count() == count == 5
