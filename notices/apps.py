from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """KDIA's notices board (with RSS and Atom feeds) and the public information pages
    (what offset is, the rules in force, fields and types, FAQ, contact)."""

    name = "notices"
    verbose_name = _("Notices and information pages")
