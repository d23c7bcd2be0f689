from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """KDIA's consultation desk: cases foreign contractors and Korean companies raise about
    implementing offsets, their threads, KDIA's queue and the recurring-difficulty report."""

    name = "consultations"
    verbose_name = _("Consultations")
