from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishlistsConfig(AppConfig):
    """Wish-list rounds per programme: proposals, KDIA's review, packages for DAPA."""

    name = "wishlists"
    verbose_name = _("Wish-lists")
