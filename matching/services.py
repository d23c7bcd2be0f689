"""Requirement and EOI operations shared by pages, API, tasks and the demo; each one atomic.

Status changes are kept as events with who and when, and the other side is told in the app and
by e-mail (notifications.notify). Telling the companies that fit a new requirement and reminding
contractors of unanswered EOIs run as tasks (matching/tasks.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from companies.models import Company
from matching import scoring
from matching.choices import CONTRACTOR_STATUSES, EDITABLE_EOI_STATUSES, EoiStatus, RequirementStatus
from matching.models import EoiAttachment, EoiEvent, ExpressionOfInterest, Requirement, StoredTextResult
from notifications.services import notify

# An EOI the contractor has not answered for this many days reminds it (again after as many).
EOI_ANSWER_DAYS = getattr(settings, "EOI_ANSWER_DAYS", 7)


class StaleState(Exception):
    """The record changed since the user loaded the page."""


class RequirementClosed(Exception):
    """The requirement is not open for expressions of interest."""


def members_of(organization_ids) -> list[User]:
    return User.objects.members_of(organization_ids)


def kdia_staff() -> list[User]:
    return User.objects.staff_of("kdia")


def _requirement_url(requirement) -> str:
    return reverse("matching:requirement_detail", args=[requirement.pk])


def submit_requirement(requirement_id: int, *, by) -> Requirement:
    """The owner sends a draft (or a returned one) to KDIA; KDIA's own requirements publish at once."""
    with transaction.atomic():
        requirement = Requirement.objects.select_for_update().get(pk=requirement_id)
        if requirement.status not in (RequirementStatus.DRAFT, RequirementStatus.RETURNED):
            raise StaleState(requirement)
        if by.is_kdia or by.is_superuser:
            return _publish(requirement, note="")
        requirement.status = RequirementStatus.PENDING
        requirement.save()
        notify(
            kdia_staff(),
            "matching/email/requirement_pending",
            {"requirement": requirement},
            url=_requirement_url(requirement),
        )
    return requirement


def moderate(requirement_id: int, *, publish: bool, note: str, by) -> Requirement:
    """KDIA publishes a pending requirement, or returns it to its owner with a note."""
    with transaction.atomic():
        requirement = Requirement.objects.select_for_update().get(pk=requirement_id)
        if requirement.status != RequirementStatus.PENDING:
            raise StaleState(requirement)
        if publish:
            return _publish(requirement, note=note)
        requirement.status = RequirementStatus.RETURNED
        requirement.moderation_note = note.strip()
        requirement.save()
        notify(
            members_of([requirement.owner_id]),
            "matching/email/requirement_returned",
            {"requirement": requirement},
            url=_requirement_url(requirement),
        )
    return requirement


def _publish(requirement: Requirement, *, note: str) -> Requirement:
    requirement.status = RequirementStatus.PUBLISHED
    requirement.moderation_note = note.strip()
    requirement.published_at = timezone.now()
    requirement.save()
    notify(
        members_of([requirement.owner_id]),
        "matching/email/requirement_published",
        {"requirement": requirement},
        url=_requirement_url(requirement),
    )
    from matching.tasks import notify_fitting_companies, store_requirement_texts  # tasks import services

    transaction.on_commit(lambda: store_requirement_texts(requirement.pk))
    transaction.on_commit(lambda: notify_fitting_companies(requirement.pk))
    return requirement


def store_text_results(requirement_ids=None) -> int:
    """Search the texts of open requirements (all, or these) and store the results the ranking
    reads (``matching.texts``); with all of them, forget stored texts no open requirement has."""
    requirements = scoring.open_requirements()
    if requirement_ids is not None:
        requirements = requirements.filter(pk__in=requirement_ids)
    stored = scoring.store_text_results(requirements)
    if requirement_ids is None:
        StoredTextResult.objects.exclude(digest__in=stored).delete()
    return len(stored)


def close_requirement(requirement_id: int) -> Requirement:
    with transaction.atomic():
        requirement = Requirement.objects.select_for_update().get(pk=requirement_id)
        requirement.status = RequirementStatus.CLOSED
        requirement.save()
    return requirement


def fitting_companies(requirement: Requirement):
    """Claimed, public profiles that fit the requirement's structural criteria: the size class
    (when set) and at least one of its defence fields, capabilities or required certificates."""
    companies = Company.objects.reachable()
    if requirement.size_classes:
        companies = companies.filter(size_class__in=requirement.size_classes)
    fits = Q()
    fields = list(requirement.defence_fields.values_list("pk", flat=True))
    capabilities = list(requirement.capabilities.values_list("pk", flat=True))
    certificates = list(requirement.required_certifications.values_list("pk", flat=True))
    if fields:
        fits |= Q(fields__in=fields)
    if capabilities:
        fits |= Q(capabilities__in=capabilities)
    if certificates:
        fits |= Q(certifications__type__in=certificates)
    return companies.filter(fits).distinct() if fits else companies


def tell_fitting_companies(requirement_id: int) -> int:
    requirement = Requirement.objects.get(pk=requirement_id)
    if requirement.status != RequirementStatus.PUBLISHED:
        return 0
    organizations = fitting_companies(requirement).values_list("organization", flat=True)
    with transaction.atomic():
        return notify(
            members_of(list(organizations)),
            "matching/email/requirement_fits",
            {"requirement": requirement},
            url=_requirement_url(requirement),
        )


def _event(eoi: ExpressionOfInterest, by, reason: str = "") -> None:
    EoiEvent.objects.create(eoi=eoi, status=eoi.status, reason=reason, by=by)


def save_eoi(eoi: ExpressionOfInterest, *, products, by) -> ExpressionOfInterest:
    with transaction.atomic():
        requirement = Requirement.objects.select_for_update().get(pk=eoi.requirement_id)
        if not requirement.is_open:
            raise RequirementClosed(requirement)
        if eoi.pk is None:
            eoi.created_by = by
            eoi.save()
            _event(eoi, by)
        else:
            current = ExpressionOfInterest.objects.select_for_update().get(pk=eoi.pk)
            if current.status not in EDITABLE_EOI_STATUSES:
                raise StaleState(current)
            eoi.save()
        eoi.products.set(products)
    return eoi


def add_attachment(eoi, content, original_name: str, by) -> EoiAttachment:
    record = EoiAttachment(eoi=eoi, original_name=original_name[:200], uploaded_by=by)
    record.file.save(content.name, content, save=False)
    record.save()
    return record


def _eoi_url(eoi) -> str:
    return reverse("matching:eoi_detail", args=[eoi.pk])


def submit_eoi(eoi_id: int, *, by) -> ExpressionOfInterest:
    with transaction.atomic():
        eoi = (
            ExpressionOfInterest.objects.select_for_update()
            .select_related("requirement", "company")
            .get(pk=eoi_id)
        )
        if eoi.status not in EDITABLE_EOI_STATUSES:
            raise StaleState(eoi)
        if not eoi.requirement.is_open:
            raise RequirementClosed(eoi.requirement)
        eoi.status = EoiStatus.SUBMITTED
        eoi.submitted_at = timezone.now()
        eoi.save()
        _event(eoi, by)
        notify(
            members_of([eoi.requirement.owner_id]),
            "matching/email/eoi_received",
            {"eoi": eoi},
            url=_eoi_url(eoi),
        )
    return eoi


def answer_eoi(eoi_id: int, *, status: str, reason: str, seen_version: str, by) -> ExpressionOfInterest:
    """The contractor (or KDIA for it) sets a status with a reason the company sees."""
    if status not in CONTRACTOR_STATUSES:
        raise ValueError(status)
    with transaction.atomic():
        eoi = (
            ExpressionOfInterest.objects.select_for_update()
            .select_related("requirement", "company")
            .get(pk=eoi_id)
        )
        if eoi.status == EoiStatus.DRAFT or eoi.updated_at.isoformat() != seen_version:
            raise StaleState(eoi)
        eoi.status = status
        eoi.status_reason = reason.strip()
        eoi.status_changed_at = timezone.now()
        eoi.save()
        _event(eoi, by, eoi.status_reason)
        company_org = [eoi.company.organization_id] if eoi.company.organization_id else []
        notify(members_of(company_org), "matching/email/eoi_answered", {"eoi": eoi}, url=_eoi_url(eoi))
    return eoi


def remind_unanswered(now=None) -> int:
    """Remind contractors of EOIs left without a status for EOI_ANSWER_DAYS (and again after as many)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=EOI_ANSWER_DAYS)
    waiting = ExpressionOfInterest.objects.filter(
        status=EoiStatus.SUBMITTED, submitted_at__lte=cutoff
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
    reminded = 0
    for eoi in waiting.select_related("requirement", "company"):
        with transaction.atomic():
            notify(
                members_of([eoi.requirement.owner_id]),
                "matching/email/eoi_waiting",
                {"eoi": eoi, "days": (now - eoi.submitted_at).days},
                url=_eoi_url(eoi),
            )
            ExpressionOfInterest.objects.filter(pk=eoi.pk).update(reminded_at=now)
        reminded += 1
    return reminded
