"""The navigation bar for each role. Capabilities add their entries here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    args: tuple = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.args)


def items_for(user) -> list[NavItem]:
    """The entries a user may use, in the order shown."""
    items = [
        NavItem(_("Home"), "portal:home"),
        NavItem(_("Companies"), "companies:company_list"),
        NavItem(_("Products"), "companies:product_list"),
        NavItem(_("Programmes"), "offsets:programme_list"),
    ]
    if not user.is_authenticated:
        return items
    organization = user.organization
    if organization is None or not organization.is_approved:
        return [NavItem(_("Registration status"), "accounts:pending")] if not user.is_superuser else items
    company = getattr(organization, "company", None) if user.is_korean_company else None
    if company is not None:
        items.append(NavItem(_("My profile"), "companies:company_detail", (company.brn,)))
    if user.is_foreign_contractor:
        items.append(NavItem(_("Shortlists"), "companies:shortlist_list"))
    if user.is_korean_company or user.is_government_staff or user.is_superuser:
        items.append(NavItem(_("Wish-lists"), "wishlists:index"))
    if user.is_foreign_contractor or user.is_government_staff or user.is_superuser:
        items.append(NavItem(_("Obligations"), "offsets:agreement_list"))
    items.append(NavItem(_("My organisation"), "accounts:organization"))
    if user.is_kdia or user.is_superuser:
        items.append(NavItem(_("Organisation approvals"), "staff_accounts:review_list"))
        items.append(NavItem(_("Directory verification"), "staff_companies:queue"))
    return items
