"""The navigation bar for each role. Capabilities add their entries here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    args: tuple = ()
    group: Promise | None = None  # entries of one group share a drop-down menu

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.args)


@dataclass(frozen=True)
class NavEntry:
    """What the menu bar shows: one link, or a drop-down (``label``) holding several."""

    label: Promise | None
    items: tuple[NavItem, ...]


def entries_for(user) -> list[NavEntry]:
    """The role's items with each group gathered into one drop-down, where its first item was."""
    entries: list[NavEntry] = []
    for item in items_for(user):
        if item.group is None:
            entries.append(NavEntry(None, (item,)))
            continue
        for index, entry in enumerate(entries):
            if entry.label == item.group:
                entries[index] = NavEntry(entry.label, (*entry.items, item))
                break
        else:
            entries.append(NavEntry(item.group, (item,)))
    # A group of one is just a link.
    return [NavEntry(None, entry.items) if len(entry.items) == 1 else entry for entry in entries]


KDIA_DESK = _("KDIA desk")
OFFSETS = _("Offsets")
ABOUT = pgettext_lazy("site menu: pages about offset and K-OFFSET", "About")


def about_items() -> list[NavItem]:
    """The notices board and the public information pages (notices.choices.PageSlug), in one drop-down."""
    from notices.choices import PageSlug

    pages = [NavItem(slug.label, "notices:page_detail", (slug.value,), group=ABOUT) for slug in PageSlug]
    return [NavItem(_("Notices"), "notices:notice_list", group=ABOUT), *pages]


def items_for(user) -> list[NavItem]:
    """The entries a user may use, in the order shown."""
    items = [
        NavItem(_("Home"), "portal:home"),
        NavItem(_("Companies"), "companies:company_list"),
        NavItem(_("Products"), "companies:product_list"),
        NavItem(_("Programmes"), "offsets:programme_list", group=OFFSETS),
        NavItem(_("Statistics"), "dashboards:statistics", group=OFFSETS),
        NavItem(_("Events"), "events:event_list"),
        *about_items(),
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
    items.append(NavItem(_("Requirements"), "matching:requirement_list"))
    if user.is_foreign_contractor or user.is_korean_company:
        items.append(NavItem(_("Messages"), "inquiries:inbox"))
    if user.is_foreign_contractor or user.is_korean_company or user.is_dapa:
        items.append(NavItem(_("Consultations"), "consultations:case_list"))
    if user.is_korean_company or user.is_government_staff or user.is_superuser:
        items.append(NavItem(_("Wish-lists"), "wishlists:index", group=OFFSETS))
    if user.is_foreign_contractor or user.is_government_staff or user.is_superuser:
        items.append(NavItem(_("Obligations"), "offsets:agreement_list", group=OFFSETS))
    if user.is_kdia or user.is_superuser:
        items.append(NavItem(_("Organisation approvals"), "staff_accounts:review_list", group=KDIA_DESK))
        items.append(NavItem(_("Directory verification"), "staff_companies:queue", group=KDIA_DESK))
        items.append(NavItem(_("Requirements to check"), "staff_matching:queue", group=KDIA_DESK))
        items.append(NavItem(_("Manage events"), "staff_events:event_list", group=KDIA_DESK))
        items.append(NavItem(_("Manage notices"), "staff_notices:notice_list", group=KDIA_DESK))
        items.append(NavItem(_("Information pages"), "staff_pages:page_list", group=KDIA_DESK))
        items.append(NavItem(_("Consultation desk"), "staff_consultations:queue", group=KDIA_DESK))
        items.append(NavItem(_("Dashboard"), "staff_dashboards:kdia", group=KDIA_DESK))
        items.append(NavItem(_("Audit log"), "staff_audit:event_list", group=KDIA_DESK))
    elif user.is_dapa:
        items.append(NavItem(_("Dashboard"), "staff_dashboards:dapa"))
    return items
