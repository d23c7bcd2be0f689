"""One function per dashboard dataset, each ``(user, filters) -> Dataset``.

Every function reads through the owning app's ``visible_to(user)`` QuerySet and leaves the
counting and summing to the database (``values().annotate()`` / ``aggregate()``): Python only
relabels the grouped rows, which number at most a few dozen whatever the directory's size.
``.order_by()`` clears each model's default ordering, which would otherwise join the GROUP BY.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from companies.choices import PUBLIC_STATUSES, Region, SizeClass
from companies.models import Company, DefenceField
from core import bilingual
from dashboards.datasets import Chart, Dataset, Row, Series
from dashboards.forms import Filters
from events.choices import Outcome
from events.models import Event
from events.statistics import figures
from offsets.choices import ClaimStatus, LedgerKind
from offsets.models import Agreement, Claim, LedgerEntry, ObligationItem, Programme
from wishlists.choices import ProposalStatus
from wishlists.models import Proposal
from wishlists.models.package import SUBMITTED_STATUSES

ZERO = Decimal("0.00")
# Profile age buckets: a profile unchanged for a year needs an update (companies.STALE_AFTER).
FRESHNESS = ((timedelta(days=182), "6m"), (timedelta(days=365), "12m"))


def in_field(path: str, field: DefenceField):
    """``Exists`` test that the company at ``path`` (``""`` for the row itself) works in ``field``.

    An ``Exists`` rather than a join keeps the grouped counts from multiplying by the number of
    fields a company has.
    """
    through = Company.fields.through.objects.filter(
        company_id=OuterRef(f"{path}__pk" if path else "pk"), defencefield_id=field.pk
    )
    return Exists(through)


def _companies(user, filters: Filters):
    companies = Company.objects.visible_to(user).order_by()
    if filters.year:
        companies = companies.filter(created_at__year__lte=filters.year)
    if filters.field:
        companies = companies.filter(in_field("", filters.field))
    return companies


def companies_by_field(user, filters: Filters) -> Dataset:
    """Companies per defence field, split into public profiles and the rest; a company in two
    fields counts in both."""
    public = Q(status__in=PUBLIC_STATUSES)
    # The only multi-valued join is the fields themselves (the field filter is an Exists), so each
    # (company, field) pair is one row and a plain COUNT is right; DISTINCT would cost a third more.
    grouped = (
        _companies(user, filters)
        .values("fields")
        .annotate(public=Count("pk", filter=public), other=Count("pk", filter=~public))
    )
    counts = {row["fields"]: (row["public"], row["other"]) for row in grouped}
    fields = DefenceField.objects.all()
    if filters.field:
        fields = fields.filter(pk=filters.field.pk)
    rows = [Row(field.name, counts.get(field.pk, (0, 0)), field.code) for field in fields]
    if None in counts and not filters.field:
        rows.append(Row(_("No field given"), counts[None], "none"))
    return Dataset(
        slug="companies-by-field",
        title=_("Companies by defence field"),
        label_heading=_("Defence field"),
        series=[Series("public", _("Published")), Series("other", _("Not yet published"))],
        rows=rows,
        chart=Chart.STACKED,
        note=_(
            "A company working in several fields counts once in each. With a year, companies registered by the end of that year."
        ),
    )


def _choice_rows(grouped, key: str, choices) -> list[Row]:
    counts = {row[key]: row["n"] for row in grouped}
    rows = [Row(str(label), (counts.get(value, 0),), value) for value, label in choices]
    if counts.get(""):
        rows.append(Row(_("Not given"), (counts[""],), "none"))
    return rows


def companies_by_region(user, filters: Filters) -> Dataset:
    grouped = _companies(user, filters).values("region").annotate(n=Count("pk"))
    return Dataset(
        slug="companies-by-region",
        title=_("Companies by region"),
        label_heading=_("Region"),
        series=[Series("companies", _("Companies"))],
        rows=_choice_rows(grouped, "region", Region.choices),
    )


def companies_by_size(user, filters: Filters) -> Dataset:
    grouped = _companies(user, filters).values("size_class").annotate(n=Count("pk"))
    return Dataset(
        slug="companies-by-size",
        title=_("Companies by size class"),
        label_heading=_("Size class"),
        series=[Series("companies", _("Companies"))],
        rows=_choice_rows(grouped, "size_class", SizeClass.choices),
    )


def profile_freshness(user, filters: Filters) -> Dataset:
    """Public profiles by the age of their last KDIA verification and of their last update."""
    now = timezone.now()
    (young, young_key), (old, old_key) = FRESHNESS
    terms = {}
    for prefix, column in (("verified", "last_verified_at"), ("updated", "updated_at")):
        terms[f"{prefix}_{young_key}"] = Count("pk", filter=Q(**{f"{column}__gte": now - young}))
        terms[f"{prefix}_{old_key}"] = Count(
            "pk", filter=Q(**{f"{column}__lt": now - young, f"{column}__gte": now - old})
        )
        terms[f"{prefix}_older"] = Count("pk", filter=Q(**{f"{column}__lt": now - old}))
    terms["verified_never"] = Count("pk", filter=Q(last_verified_at__isnull=True))
    totals = _companies(user, filters).filter(status__in=PUBLIC_STATUSES).aggregate(**terms)
    buckets = [
        (_("Within 6 months"), young_key),
        (_("6 to 12 months ago"), old_key),
        (_("Over 12 months ago"), "older"),
        (_("Never"), "never"),
    ]
    rows = [
        Row(label, (totals[f"verified_{key}"], totals.get(f"updated_{key}", 0)), key)
        for label, key in buckets
    ]
    return Dataset(
        slug="profile-freshness",
        title=_("Profile freshness"),
        label_heading=_("When"),
        series=[Series("verified", _("Last verified by KDIA")), Series("updated", _("Last updated"))],
        rows=rows,
        chart=Chart.VBAR,
        note=_("Published profiles only. A profile unchanged for 12 months needs an update."),
    )


def _proposals(user, filters: Filters):
    proposals = Proposal.objects.visible_to(user).order_by()
    if filters.year:
        proposals = proposals.filter(round__deadline__year=filters.year)
    if filters.field:
        proposals = proposals.filter(in_field("company", filters.field))
    return proposals


FUNNEL_STAGES = ("submitted", "reviewed", "accepted", "packaged", "to_dapa")


def _funnel_terms() -> dict:
    decided = (
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.RETURNED,
        ProposalStatus.MERGED,
    )
    # Packages join once per revision: count each proposal once.
    return {
        "submitted": Count("pk", filter=~Q(status=ProposalStatus.DRAFT), distinct=True),
        "reviewed": Count("pk", filter=Q(status__in=decided), distinct=True),
        "accepted": Count("pk", filter=Q(status=ProposalStatus.ACCEPTED), distinct=True),
        "packaged": Count("pk", filter=Q(packages__isnull=False), distinct=True),
        "to_dapa": Count("pk", filter=Q(packages__status__in=SUBMITTED_STATUSES), distinct=True),
    }


def _funnel_series() -> list[Series]:
    labels = (
        _("Submitted"),
        _("Reviewed by KDIA"),
        _("Accepted"),
        _("In a package"),
        _("Submitted to DAPA"),
    )
    return [Series(key, label) for key, label in zip(FUNNEL_STAGES, labels, strict=True)]


def wishlist_funnel(user, filters: Filters) -> Dataset:
    """All programmes' proposals through the stages, as one funnel."""
    totals = _proposals(user, filters).aggregate(**_funnel_terms())
    return Dataset(
        slug="wishlist-funnel",
        title=_("Wish-list funnel"),
        label_heading=_("Stage"),
        series=[Series("proposals", _("Proposals"))],
        rows=[Row(series.label, (totals[series.key],), series.key) for series in _funnel_series()],
        chart=Chart.FUNNEL,
        note=_(
            "Reviewed: accepted, returned, rejected or merged. With a year, rounds whose deadline falls in it."
        ),
    )


def wishlist_funnel_by_programme(user, filters: Filters) -> Dataset:
    grouped = (
        _proposals(user, filters)
        .values(
            "round__programme",
            "round__programme__dapa_reference",
            "round__programme__name_ko",
            "round__programme__name_en",
        )
        .annotate(**_funnel_terms())
        .order_by("round__programme__dapa_reference")
    )
    rows = [
        Row(
            _programme_label(row, "round__programme__"),
            tuple(row[key] for key in FUNNEL_STAGES),
            row["round__programme__dapa_reference"],
        )
        for row in grouped
    ]
    return Dataset(
        slug="wishlist-funnel-by-programme",
        title=_("Wish-list funnel per programme"),
        label_heading=_("Programme"),
        series=_funnel_series(),
        rows=rows,
        chart=Chart.VBAR,
    )


def _programme_label(row: dict, prefix: str) -> str:
    names = SimpleNamespace(name_ko=row[f"{prefix}name_ko"], name_en=row[f"{prefix}name_en"])
    name = bilingual.pick(names, "name")
    reference = row[f"{prefix}dapa_reference"]
    return f"{reference} {name}".strip()


def _events(user, filters: Filters):
    events = Event.objects.visible_to(user).order_by()
    if filters.year:
        events = events.filter(starts_at__year=filters.year)
    if filters.field:
        events = events.filter(defence_fields=filters.field)
    return events


def event_outcomes(user, filters: Filters) -> Dataset:
    """Meetings at the events the user sees, and what came of them (events.statistics)."""
    result = figures(_events(user, filters))
    rows = [
        Row(_("Meeting requests"), (result.requests,), "requests"),
        Row(_("Accepted"), (result.accepted,), "accepted"),
        Row(_("Meetings placed"), (result.placed,), "placed"),
        Row(_("Meetings held"), (result.held,), "held"),
        Row(_("No-shows"), (result.no_shows,), "no_shows"),
        *(Row(str(label), (result.outcomes.get(value, 0),), value) for value, label in Outcome.choices),
    ]
    return Dataset(
        slug="event-outcomes",
        title=_("Event outcomes"),
        label_heading=_("Measure"),
        series=[Series("count", _("Count"))],
        rows=rows,
        note=_("With a field, events for that defence field; with a year, events starting in it."),
    )


# Offsets: obligation vs claimed vs approved vs banked.


def _agreements(user, filters: Filters):
    agreements = Agreement.objects.visible_to(user).order_by()
    if filters.year:
        agreements = agreements.filter(moa_date__year=filters.year)
    if filters.field:
        items = ObligationItem.objects.filter(agreement=OuterRef("pk"))
        agreements = agreements.filter(Exists(items.filter(in_field("kip", filters.field))))
    return agreements


def _obligation_totals(user, filters: Filters, key: str) -> dict:
    """``{group: [obligation, claimed, approved, banked]}`` grouped by ``key`` on the agreement
    ("programme" or "contractor"): four grouped queries, so no join multiplies another's sums."""
    agreements = _agreements(user, filters)
    totals: dict = {}

    def add(rows, group_key: str, index: int) -> None:
        for row in rows:
            totals.setdefault(row[group_key], [ZERO] * 4)[index] = row["total"] or ZERO

    add(agreements.values(key).annotate(total=Sum("obligation_usd")), key, 0)
    claims = Claim.objects.visible_to(user).order_by().filter(item__agreement__in=agreements)
    claim_key = f"item__agreement__{key}"
    add(
        claims.exclude(status=ClaimStatus.REJECTED).values(claim_key).annotate(total=Sum("amount_usd")),
        claim_key,
        1,
    )
    approved = claims.filter(status=ClaimStatus.APPROVED)
    add(approved.values(claim_key).annotate(total=Sum("approved_usd")), claim_key, 2)
    ledger_key = f"agreement__{key}"
    withdrawals = (
        LedgerEntry.objects.visible_to(user)
        .order_by()
        .filter(kind=LedgerKind.WITHDRAWAL, agreement__in=agreements)
    )
    add(withdrawals.values(ledger_key).annotate(total=Sum("amount_usd")), ledger_key, 3)
    return totals


def _obligation_series() -> list[Series]:
    return [
        Series("obligation", _("Obligation")),
        Series("claimed", _("Claimed")),
        Series("approved", _("Approved")),
        Series("banked", _("Banked credit applied")),
    ]


def _obligation_note() -> str:
    return _(
        "Claimed: claims not rejected; approved: the value DAPA approved; banked: credit withdrawn "
        "from the contractor's ledger against the obligation. With a field, MOAs with an item whose "
        "Korean company works in it; with a year, MOAs signed in it."
    )


def obligations_by_programme(user, filters: Filters) -> Dataset:
    totals = _obligation_totals(user, filters, "programme")
    programmes = Programme.objects.filter(pk__in=totals).order_by("dapa_reference")
    rows = [
        Row(
            f"{programme.dapa_reference} {programme.name}".strip(),
            tuple(totals[programme.pk]),
            programme.dapa_reference,
        )
        for programme in programmes
    ]
    return Dataset(
        slug="obligations-by-programme",
        title=_("Obligations per programme"),
        label_heading=_("Programme"),
        series=_obligation_series(),
        rows=rows,
        chart=Chart.VBAR,
        unit="USD",
        note=_obligation_note(),
    )


def obligations_by_contractor(user, filters: Filters) -> Dataset:
    totals = _obligation_totals(user, filters, "contractor")
    contractors = sorted(Organization.objects.filter(pk__in=totals), key=lambda org: str(org))
    return Dataset(
        slug="obligations-by-contractor",
        title=_("Obligations per contractor"),
        label_heading=_("Foreign contractor"),
        series=_obligation_series(),
        rows=[Row(str(org), tuple(totals[org.pk]), str(org.pk)) for org in contractors],
        chart=Chart.VBAR,
        unit="USD",
        note=_obligation_note(),
    )
