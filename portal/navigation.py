"""The navigation bar for each role. Capabilities add their entries here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def items_for(user) -> list[NavItem]:
    """The entries a user may use, in the order shown."""
    items = [NavItem(_("Home"), "portal:home")]
    if not user.is_authenticated:
        return items
    organization = user.organization
    if organization is None or not organization.is_approved:
        return [NavItem(_("Registration status"), "accounts:pending")] if not user.is_superuser else items
    items.append(NavItem(_("My organisation"), "accounts:organization"))
    if user.is_kdia or user.is_superuser:
        items.append(NavItem(_("Organisation approvals"), "staff_accounts:review_list"))
    return items
