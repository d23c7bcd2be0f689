"""How complete a Korean company's directory profile is, and what to add, with where to add it.

Foreign contractors search by field, capability, certification and product, and read the
profile in English or Korean: each check below is something a search or a reader relies on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Check:
    label: str
    done: Callable  # company -> bool
    url_name: str
    section: str = ""  # for companies:company_section


@dataclass(frozen=True)
class Missing:
    label: str
    url: str


@dataclass(frozen=True)
class Completeness:
    done: int
    total: int
    missing: list[Missing]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def _filled(*names: str) -> Callable:
    return lambda company: all(str(getattr(company, name) or "").strip() for name in names)


def _has(relation: str) -> Callable:
    return lambda company: getattr(company, relation).exists()


CHECKS = (
    Check(_("Name in Korean and English"), _filled("name_ko", "name_en"), "companies:company_edit"),
    Check(_("Description in Korean"), _filled("description_ko"), "companies:company_edit"),
    Check(_("Description in English"), _filled("description_en"), "companies:company_edit"),
    Check(_("Year founded and employees"), _filled("founded", "employees"), "companies:company_edit"),
    Check(_("Size class"), _filled("size_class"), "companies:company_edit"),
    Check(_("Region and address"), _filled("region", "address_ko"), "companies:company_edit"),
    Check(_("Website"), _filled("website"), "companies:company_edit"),
    Check(_("Defence fields"), _has("fields"), "companies:company_edit"),
    Check(_("Capabilities"), _has("capabilities"), "companies:company_edit"),
    Check(_("Offset fields offered"), _has("offset_fields"), "companies:company_edit"),
    Check(_("Logo"), _filled("logo"), "companies:company_files"),
    Check(_("Certifications"), _has("certifications"), "companies:company_section", "certifications"),
    Check(_("Contact people"), _has("contacts"), "companies:company_section", "contacts"),
    Check(_("Track record"), _has("track_records"), "companies:company_section", "track-record"),
    Check(_("Products"), _has("products"), "companies:product_create"),
)


def _url(check: Check, company) -> str:
    args = (company.brn, check.section) if check.section else (company.brn,)
    return reverse(check.url_name, args=args)


def completeness(company, checks=CHECKS) -> Completeness:
    """The share of checks the profile passes and a link to fix each one it fails."""
    missing = [Missing(str(check.label), _url(check, company)) for check in checks if not check.done(company)]
    return Completeness(done=len(checks) - len(missing), total=len(checks), missing=missing)
