"""Django admin permissions for KDIA staff, derived from their organisation."""

from django.contrib.auth.backends import BaseBackend

# Apps whose records KDIA staff manage in the Django admin. Django's own auth
# tables (groups, permissions) stay with operators (superusers).
KDIA_ADMIN_APPS = frozenset(
    {
        "accounts",
        "account",
        "mfa",
        "core",
        "portal",
        "companies",
        "search",
        "offsets",
        "wishlists",
        "matching",
        "consultations",
        "notices",
    }
)


class KdiaAdminBackend(BaseBackend):
    """Grants KDIA staff every permission on the K-OFFSET apps; grants nothing else."""

    def has_perm(self, user_obj, perm, obj=None):
        return self.has_module_perms(user_obj, perm.split(".", 1)[0])

    def has_module_perms(self, user_obj, app_label):
        return bool(
            user_obj.is_active and getattr(user_obj, "is_kdia", False) and app_label in KDIA_ADMIN_APPS
        )
