"""Which datasets each page shows, in order, under the slug its CSV download uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dashboards import public, queries


@dataclass(frozen=True)
class Page:
    title: str
    intro: str
    template: str
    csv_url_name: str
    datasets: dict[str, Callable]


def kdia() -> Page:
    return Page(
        title=_("KDIA dashboard"),
        intro=_("The directory, wish-lists and events at a glance. Filter by year and defence field."),
        template="dashboards/dashboard.html",
        csv_url_name="staff_dashboards:kdia_csv",
        datasets={
            "companies-by-field": queries.companies_by_field,
            "companies-by-region": queries.companies_by_region,
            "companies-by-size": queries.companies_by_size,
            "profile-freshness": queries.profile_freshness,
            "wishlist-funnel": queries.wishlist_funnel,
            "wishlist-funnel-by-programme": queries.wishlist_funnel_by_programme,
            "event-outcomes": queries.event_outcomes,
        },
    )


def dapa() -> Page:
    return Page(
        title=_("Offset obligations dashboard"),
        intro=_(
            "Obligations against what contractors claimed, what DAPA approved and the banked credit applied."
        ),
        template="dashboards/dashboard.html",
        csv_url_name="staff_dashboards:dapa_csv",
        datasets={
            "obligations-by-programme": queries.obligations_by_programme,
            "obligations-by-contractor": queries.obligations_by_contractor,
        },
    )


def public_page() -> Page:
    return Page(
        title=_("Offset statistics"),
        intro=_(
            "Totals of the Korean offset programme by year. No figure about a single contractor is published."
        ),
        template="dashboards/statistics.html",
        csv_url_name="dashboards:statistics_csv",
        datasets={
            "programmes-by-year": public.programmes_by_year,
            "obligations-by-year": public.obligations_by_year,
            "sme-share": public.sme_share,
            "meetings-by-year": public.meetings_by_year,
        },
    )


ALL = (kdia, dapa, public_page)
