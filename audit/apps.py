from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only audit log: sign-ins, permission and membership changes, approvals, exports."""

    name = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from audit import signals  # noqa: F401  (connects the receivers)
