from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Consultation meetings and networking events: registration, 1:1 meeting requests,
    the schedule, agendas, check-in and outcomes."""

    name = "events"
    verbose_name = _("Events")
