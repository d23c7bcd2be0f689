"""What each role's home page shows. Every count is taken from the same ``visible_to`` QuerySet
and filter as the list it links to, so the number and the list never disagree."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from companies.models import Company, Shortlist
from dashboards import queries
from dashboards.charts import Panel
from dashboards.completeness import completeness
from dashboards.forms import Filters
from events.choices import RegistrationStatus
from events.models import Event, Registration
from matching.choices import EoiStatus, RequirementStatus
from matching.models import ExpressionOfInterest, Requirement
from offsets.choices import ClaimStatus, ProgrammeState
from offsets.models import Agreement, Claim, Programme
from wishlists.choices import PackageStatus, ProposalStatus
from wishlists.models import Package, Proposal

LIST_SIZE = 5
# An MOA whose fulfilment period ends within this long is "due" on DAPA's home page.
DUE_WITHIN = timedelta(days=365)
CONSULTATION_QUEUE = "staff_consultations:queue"


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str


def _url(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def public_context(user) -> dict:
    """What everyone sees besides the notices (their own template tag): open programmes, upcoming events."""
    now = timezone.now()
    return {
        "open_programmes": Programme.objects.visible_to(user)
        .exclude(state=ProgrammeState.COMPLETED)
        .order_by("-reference_date", "dapa_reference")[:LIST_SIZE],
        "upcoming_events": Event.objects.visible_to(user)
        .filter(ends_at__gte=now)
        .order_by("starts_at")[:LIST_SIZE],
    }


def kdia_queue(user) -> list[WorkItem]:
    from companies.views.staff import QUEUES  # the verification queue's own definition

    items = [
        WorkItem(
            _("Organisations waiting for approval"),
            Organization.objects.visible_to(user).pending().count(),
            _url("staff_accounts:review_list"),
        ),
        WorkItem(
            _("Profiles waiting for verification"),
            QUEUES["submitted"](Company.objects.visible_to(user)).count(),
            _url("staff_companies:queue", queue="submitted"),
        ),
        WorkItem(
            _("Requirements to check"),
            Requirement.objects.visible_to(user).filter(status=RequirementStatus.PENDING).count(),
            _url("staff_matching:queue"),
        ),
        WorkItem(
            _("Wish-list proposals to review"),
            Proposal.objects.visible_to(user).filter(status=ProposalStatus.SUBMITTED).count(),
            _url("wishlists:proposal_list", status=ProposalStatus.SUBMITTED),
        ),
        WorkItem(
            _("Claims waiting for DAPA"),
            Claim.objects.visible_to(user).filter(status=ClaimStatus.SUBMITTED).count(),
            _url("offsets:claim_list", status=ClaimStatus.SUBMITTED),
        ),
        *registration_items(user),
    ]
    overdue = consultation_overdue(user)
    if overdue is not None:
        items.append(overdue)
    return items


def registration_items(user) -> list[WorkItem]:
    """Pending registrations, one card per event so each links to that event's list."""
    pending = (
        Registration.objects.visible_to(user)
        .filter(status=RegistrationStatus.PENDING, event__in=Event.objects.editable_by(user))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
    )
    counts = {row["event"]: row["n"] for row in pending}
    if not counts:
        return [WorkItem(_("Event registrations to validate"), 0, _url("staff_events:event_list"))]
    events = Event.objects.filter(pk__in=counts).order_by("starts_at")
    return [
        WorkItem(
            _("Registrations to validate: %(event)s") % {"event": event.title},
            counts[event.pk],
            reverse("staff_events:registrations", args=[event.pk]) + "?" + urlencode({"status": "pending"}),
        )
        for event in events
    ]


def consultation_overdue(user) -> WorkItem | None:
    """Overdue consultation cases, once the consultations app provides its selector."""
    try:
        selectors = importlib.import_module("consultations.selectors")
    except ImportError:
        return None
    if not hasattr(selectors, "overdue_count"):
        return None
    try:
        url = reverse(CONSULTATION_QUEUE)
    except NoReverseMatch:
        url = ""
    return WorkItem(_("Consultation cases overdue"), selectors.overdue_count(user), url)


def dapa_queue(user) -> list[WorkItem]:
    due = timezone.localdate() + DUE_WITHIN
    return [
        WorkItem(
            _("Wish-list packages to acknowledge"),
            Package.objects.visible_to(user).filter(status=PackageStatus.SUBMITTED).count(),
            _url("wishlists:package_list"),
        ),
        WorkItem(
            _("Claims to decide"),
            Claim.objects.visible_to(user).filter(status=ClaimStatus.SUBMITTED).count(),
            _url("offsets:claim_list", status=ClaimStatus.SUBMITTED),
        ),
        WorkItem(
            _("MOAs whose fulfilment period ends within a year"),
            Agreement.objects.visible_to(user).filter(period_end__lte=due).count(),
            _url("offsets:agreement_list"),
        ),
    ]


def _status_counts(queryset, choices) -> list[tuple[str, int]]:
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [(str(label), counts[value]) for value, label in choices if counts.get(value)]


def company_context(user, company) -> dict:
    from matching.gaps import requirements_for

    proposals = Proposal.objects.visible_to(user)
    eois = ExpressionOfInterest.objects.visible_to(user)
    return {
        "company": company,
        "completeness": completeness(company),
        "fits": requirements_for(company, limit=LIST_SIZE),
        "proposals": proposals.select_related("round__programme").order_by("-updated_at", "-pk")[:LIST_SIZE],
        "proposal_counts": _status_counts(proposals, ProposalStatus.choices),
        "eois": eois.select_related("requirement__owner").order_by("-updated_at", "-pk")[:LIST_SIZE],
        "eoi_counts": _status_counts(eois, EoiStatus.choices),
    }


def contractor_context(user) -> dict:
    organization = user.organization
    sent = ~Q(eois__status=EoiStatus.DRAFT)
    eois = ExpressionOfInterest.objects.visible_to(user)
    return {
        "shortlists": Shortlist.objects.visible_to(user)
        .annotate(size=Count("entries"))
        .order_by("name")[:LIST_SIZE],
        "requirements": Requirement.objects.visible_to(user)
        .filter(owner=organization)
        .annotate(eoi_count=Count("eois", filter=sent))
        .order_by("-updated_at", "-pk")[:LIST_SIZE],
        "eois": eois.select_related("company", "requirement").order_by("-submitted_at", "-pk")[:LIST_SIZE],
        "eoi_counts": _status_counts(eois, EoiStatus.choices),
        "obligations_panel": Panel(queries.obligations_by_programme(user, Filters())),
    }
