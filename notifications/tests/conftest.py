"""Test-only message templates, added to the template path for this app's tests alone.

They live in ``notifications/tests/templates/`` (not an app ``templates/`` directory, so
production never finds them; ``make messages`` and the CSP scan skip ``*/tests/*``). Each
wording depends on the active language through ``get_current_language``, so the tests see
which language a text was rendered in without adding test strings to the catalogue.
"""

import copy
from pathlib import Path

import pytest

TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(autouse=True)
def notification_test_templates(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:  # the HTML engine and the plain-text one e-mails use
        engine["DIRS"] = [*engine["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates  # setting_changed resets the template engines (and back after)


@pytest.fixture
def world(world):
    """The shared personas, minus the notifications their set-up sent (e.g. wish-list rounds):
    these tests count rows and e-mails from a clean start."""
    from django.core import mail

    from notifications.models import Notification

    Notification.objects.all().delete()
    mail.outbox.clear()
    return world
