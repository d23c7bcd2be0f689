from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Organisations, memberships and roles, approval of new organisations."""

    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects the receivers)
