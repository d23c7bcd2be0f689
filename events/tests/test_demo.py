"""The demo's events: an upcoming one with a published schedule, a past one with outcomes."""

import pytest
from django.core.management import call_command

from events import statistics
from events.choices import EventStatus
from events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_upcoming_and_a_past_event_and_loading_again_adds_none(capsys):
    call_command("load_demo")
    upcoming = Event.objects.get(status=EventStatus.AGENDAS_PUBLISHED)
    past = Event.objects.get(status=EventStatus.FINISHED)
    figures = statistics.figures([upcoming])
    assert figures.registrations["validated"] == 3 and figures.requests == 5
    assert figures.placed == figures.accepted == 4
    past_figures = statistics.figures([past])
    assert past_figures.no_shows == 1 and past_figures.outcomes["mou"] == 1
    call_command("load_demo")
    assert Event.objects.count() == 2
