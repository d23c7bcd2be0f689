"""The public statistics page's datasets: totals by year, never a figure per contractor.

Programmes and events are public through their own ``visible_to``. Obligations and claims are
confidential row by row (their ``visible_to`` shows a guest nothing), so these functions read
them whole on purpose and publish only sums across contractors; a year with fewer than
``MIN_CONTRACTORS`` contractors is withheld, since its total would reveal one contractor's figure.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from companies.choices import SizeClass
from dashboards.datasets import Chart, Dataset, Row, Series
from dashboards.forms import Filters
from dashboards.queries import in_field
from events.models import Event
from events.statistics import figures
from offsets.choices import ClaimStatus, ProgrammeState
from offsets.models import Agreement, Claim, ObligationItem, Programme

MIN_CONTRACTORS = 3
ZERO = Decimal("0.00")


def programmes_by_year(user, filters: Filters) -> Dataset:
    programmes = Programme.objects.visible_to(user).order_by()
    if filters.year:
        programmes = programmes.filter(reference_date__year=filters.year)
    grouped = (
        programmes.annotate(year=ExtractYear("reference_date"))
        .values("year")
        .annotate(n=Count("pk"), completed=Count("pk", filter=Q(state=ProgrammeState.COMPLETED)))
        .order_by("year")
    )
    return Dataset(
        slug="programmes-by-year",
        title=_("Offset programmes by year"),
        label_heading=_("Year"),
        series=[Series("programmes", _("Programmes")), Series("completed", _("Completed"))],
        rows=[Row(str(row["year"]), (row["n"], row["completed"]), str(row["year"])) for row in grouped],
        chart=Chart.VBAR,
        note=_("By the programme's reference date."),
    )


def _withheld(totals: dict, contractors: dict) -> dict:
    return {
        year: (value if contractors.get(year, 0) >= MIN_CONTRACTORS else None)
        for year, value in totals.items()
    }


def _approved_claims(filters: Filters):
    # Aggregated across contractors only; see the module docstring.
    claims = Claim.objects.order_by().filter(status=ClaimStatus.APPROVED)
    if filters.year:
        claims = claims.filter(performed_on__year=filters.year)
    if filters.field:
        claims = claims.filter(in_field("item__kip", filters.field))
    return claims.annotate(year=ExtractYear("performed_on"))


def obligations_by_year(user, filters: Filters) -> Dataset:
    """Obligations agreed (by MOA year) against fulfilment DAPA approved (by the year performed)."""
    agreements = Agreement.objects.order_by()  # aggregated across contractors only
    if filters.year:
        agreements = agreements.filter(moa_date__year=filters.year)
    if filters.field:
        items = ObligationItem.objects.filter(agreement=OuterRef("pk"))
        agreements = agreements.filter(Exists(items.filter(in_field("kip", filters.field))))
    agreed = agreements.annotate(year=ExtractYear("moa_date")).values("year")
    agreed = agreed.annotate(total=Sum("obligation_usd"), contractors=Count("contractor", distinct=True))
    approved = _approved_claims(filters).values("year")
    approved = approved.annotate(
        total=Sum("approved_usd"), contractors=Count("item__agreement__contractor", distinct=True)
    )
    obligation = _withheld(
        {row["year"]: row["total"] or ZERO for row in agreed},
        {row["year"]: row["contractors"] for row in agreed},
    )
    fulfilment = _withheld(
        {row["year"]: row["total"] or ZERO for row in approved},
        {row["year"]: row["contractors"] for row in approved},
    )
    years = sorted(set(obligation) | set(fulfilment))
    return Dataset(
        slug="obligations-by-year",
        title=_("Obligations and fulfilment by year"),
        label_heading=_("Year"),
        series=[Series("obligation", _("Obligations agreed")), Series("approved", _("Fulfilment approved"))],
        rows=[
            Row(str(year), (obligation.get(year, ZERO), fulfilment.get(year, ZERO)), str(year))
            for year in years
        ],
        chart=Chart.VBAR,
        unit="USD",
        note=_(
            "Obligations by the year the MOA was signed; fulfilment by the year the work was performed, "
            "as DAPA approved it. With a field, items whose Korean company works in it. A dash: fewer than three contractors that year, so the total is withheld."
        ),
    )


def sme_share(user, filters: Filters) -> Dataset:
    """Approved fulfilment value by the size class of the Korean company that did the work."""
    grouped = _approved_claims(filters).values("year", "item__kip__size_class")
    grouped = grouped.annotate(total=Sum("approved_usd"))
    contractors = {
        row["year"]: row["n"]
        for row in _approved_claims(filters)
        .values("year")
        .annotate(n=Count("item__agreement__contractor", distinct=True))
    }
    sizes = [*SizeClass.values, ""]
    by_year: dict[int, dict[str, Decimal]] = {}
    for row in grouped:
        size = row["item__kip__size_class"] or ""
        by_year.setdefault(row["year"], dict.fromkeys(sizes, ZERO))[size] += row["total"] or ZERO
    rows = []
    for year in sorted(by_year):
        values = by_year[year]
        if contractors.get(year, 0) < MIN_CONTRACTORS:
            rows.append(Row(str(year), (None,) * (len(sizes) + 1), str(year)))
            continue
        named = sum((values[size] for size in SizeClass.values), ZERO)
        share = (100 * values[SizeClass.SME] / named).quantize(Decimal("0.1")) if named else None
        rows.append(Row(str(year), (*(values[size] for size in sizes), share), str(year)))
    series = [Series(value, str(label)) for value, label in SizeClass.choices]
    return Dataset(
        slug="sme-share",
        title=_("SME share of cooperation"),
        label_heading=_("Year"),
        series=[*series, Series("unknown", _("Size not given")), Series("share", _("SME share (%)"))],
        rows=rows,
        chart=Chart.STACKED,
        charted=len(sizes),
        note=_(
            "Fulfilment value (USD) DAPA approved in claims, by the size class of the Korean company "
            "named on the offset item, by the year the work was performed. SME share: SMEs' value "
            "divided by the value of all items with a Korean company of known size. A dash: fewer "
            "than three contractors that year, so the figures are withheld."
        ),
    )


def meetings_by_year(user, filters: Filters) -> Dataset:
    """Meetings held and MOUs signed at public events, by the year the event started."""
    events = Event.objects.visible_to(user).order_by()
    if filters.year:
        events = events.filter(starts_at__year=filters.year)
    if filters.field:
        events = events.filter(defence_fields=filters.field)
    rows = []
    # One figures() call per year: a handful of years, three grouped queries each.
    for year in sorted({moment.year for moment in events.datetimes("starts_at", "year")}):
        result = figures(events.filter(starts_at__year=year))
        rows.append(Row(str(year), (result.held, result.outcomes.get("mou", 0)), str(year)))
    return Dataset(
        slug="meetings-by-year",
        title=_("Meetings and MOUs from events"),
        label_heading=_("Year"),
        series=[Series("held", _("Meetings held")), Series("mou", _("MOUs signed"))],
        rows=rows,
        chart=Chart.VBAR,
    )
