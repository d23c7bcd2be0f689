from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications (with the matching e-mail) in each recipient's language."""

    name = "notifications"
    verbose_name = _("Notifications")
