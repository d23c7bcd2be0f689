"""Every step of a consultation case, each atomic and each told to the people concerned.

The requester's organisation opens a case, writes in it, reopens a resolved case within
CONSULTATION_REOPEN_DAYS or withdraws it; KDIA triages (assignee, priority, topic, themes, the
event it was raised at), answers, keeps internal notes and meeting minutes, and resolves. Each
status change is an entry of the thread, so the requester sees it. ``notify`` runs inside the
step's transaction: a refused or rolled-back step tells nobody.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.choices import (
    FINISHED,
    KDIA_SETTABLE,
    WAITING_ON_KDIA,
    Confidentiality,
    EntryKind,
    Priority,
    Status,
    Topic,
)
from consultations.models import (
    TEXT_MAX_LENGTH,
    Attachment,
    Case,
    Entry,
    is_desk_staff,
    overdue_days,
    reopen_days,
    requester_organization,
)
from core.forms import STALE_MESSAGE, version_of
from notifications.services import notify

TEMPLATES = "consultations/email/"


class Refused(Exception):
    """A step the rules do not allow now; ``message`` says why, ``field`` which input (if one)."""

    def __init__(self, message, code: str = "refused", field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(Exception):
    """The user may not take this step on this case (pages answer 403 or 404)."""


# --- Links and recipients -------------------------------------------------------------------


def case_path(case: Case) -> str:
    return reverse("consultations:case_detail", args=[case.pk])


def staff_case_path(case: Case) -> str:
    return reverse("staff_consultations:case", args=[case.pk])


def requester_members(case: Case) -> list[User]:
    organization = case.organization
    if not organization.is_approved:
        return []
    return User.objects.members_of([organization.pk])


def desk_recipients(case: Case) -> list[User]:
    """The assignee while they still work at KDIA; otherwise every KDIA staff member."""
    assignee = case.assignee
    if assignee is not None and assignee.is_active and assignee.is_kdia:
        return [assignee]
    return User.objects.staff_of("kdia")


def _tell_requester(case: Case, template: str, **context) -> int:
    return notify(
        requester_members(case), TEMPLATES + template, {"case": case, **context}, url=case_path(case)
    )


def _tell_desk(case: Case, template: str, **context) -> int:
    return notify(
        desk_recipients(case), TEMPLATES + template, {"case": case, **context}, url=staff_case_path(case)
    )


# --- Checks ---------------------------------------------------------------------------------


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Refused(_("Write some text."), "required", field)
    if len(value) > TEXT_MAX_LENGTH:
        raise Refused(
            _("At most %(limit)s characters.") % {"limit": f"{TEXT_MAX_LENGTH:,}"}, "max_length", field
        )
    return value


def _locked(case_id: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("organization", "assignee")
        .get(pk=case_id)
    )


def _requester_case(case_id: int, by) -> Case:
    case = _locked(case_id)
    organization = requester_organization(by)
    if organization is None or organization.pk != case.organization_id:
        raise NotAllowed(by)
    return case


def _desk_case(case_id: int, by) -> Case:
    if not is_desk_staff(by):
        raise NotAllowed(by)
    return _locked(case_id)


def _author_organization(by):
    return getattr(by, "organization", None) if by is not None else None


def _entry(case: Case, kind: str, by, *, body: str = "", attachments=(), **fields) -> Entry:
    entry = Entry.objects.create(
        case=case, kind=kind, author=by, author_organization=_author_organization(by), body=body, **fields
    )
    for content, original_name in attachments:
        record = Attachment(entry=entry, original_name=(original_name or content.name)[:200])
        record.file.save(content.name, content, save=False)
        record.save()
    return entry


def _move(case: Case, to: str, by, *, body: str = "", now=None) -> Entry | None:
    """Change the status, keep the KDIA clock right and record the change in the thread."""
    if case.status == to:
        return None
    now = now or timezone.now()
    before = case.status
    case.status = to
    if to in WAITING_ON_KDIA:
        if before not in WAITING_ON_KDIA or case.waiting_since is None:
            case.waiting_since = now
    else:
        case.waiting_since = None
    return _entry(case, EntryKind.STATUS, by, body=body, from_status=before, to_status=to, created_at=now)


# --- The requester's steps ------------------------------------------------------------------


def open_case(
    *,
    by,
    topic: str,
    subject: str,
    body_ko: str = "",
    body_en: str = "",
    confidentiality: str = Confidentiality.KDIA,
    programme=None,
    attachments=(),
) -> Case:
    """A member of a foreign contractor or Korean company raises a difficulty; KDIA is told."""
    organization = requester_organization(by)
    if organization is None:
        raise NotAllowed(by)
    if topic not in Topic.values:
        raise Refused(_("Choose a topic from the list."), "invalid", "topic")
    if confidentiality not in Confidentiality.values:
        raise Refused(_("Choose who may read the case."), "invalid", "confidentiality")
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise Refused(_("Give the case a subject."), "required", "subject")
    body_ko = _text(body_ko, "body_ko", required=False)
    body_en = _text(body_en, "body_en", required=False)
    if not body_ko and not body_en:
        raise Refused(_("Describe the difficulty in Korean, English or both."), "required", "body_ko")
    with transaction.atomic():
        now = timezone.now()
        case = Case.objects.create(
            organization=organization,
            opened_by=by,
            topic=topic,
            programme=programme,
            subject=subject,
            body_ko=body_ko,
            body_en=body_en,
            confidentiality=confidentiality,
            created_at=now,
            waiting_since=now,
        )
        if attachments:
            # The description's files hang on a first message entry, so one attachment path serves all.
            _entry(case, EntryKind.MESSAGE, by, attachments=attachments, created_at=now)
        _tell_desk(case, "case_opened")
    return case


def post_message(case_id: int, *, by, body: str, attachments=()) -> Entry:
    """The requester writes; a case that waited for them goes back to KDIA."""
    body = _text(body, "body")
    with transaction.atomic():
        case = _requester_case(case_id, by)
        if case.status in FINISHED:
            raise Refused(_("This case is finished: reopen it to write again."), "finished")
        now = timezone.now()
        if case.status == Status.WAITING_REQUESTER:
            _move(case, Status.IN_PROGRESS, by, now=now)
        elif case.waiting_since is None:
            case.waiting_since = now
        entry = _entry(case, EntryKind.MESSAGE, by, body=body, attachments=attachments, created_at=now)
        case.save()
        _tell_desk(case, "requester_message", entry=entry)
    return entry


def reopen(case_id: int, *, by, reason: str) -> Case:
    """The requester reopens a resolved case within CONSULTATION_REOPEN_DAYS of its resolution."""
    reason = _text(reason, "reason")
    with transaction.atomic():
        case = _requester_case(case_id, by)
        if not case.can_reopen():
            raise Refused(_("This case can no longer be reopened: open a new case instead."), "expired")
        _move(case, Status.REOPENED, by, body=reason)
        case.resolved_at = None
        case.save()
        _tell_desk(case, "reopened", reason=reason)
        _tell_requester(case, "status_changed")
    return case


def withdraw(case_id: int, *, by, reason: str = "") -> Case:
    """The requester closes its own case (solved elsewhere, no longer needed)."""
    reason = _text(reason, "reason", required=False)
    with transaction.atomic():
        case = _requester_case(case_id, by)
        if case.status == Status.CLOSED:
            raise Refused(_("This case is already closed."), "finished")
        now = timezone.now()
        _move(case, Status.CLOSED, by, body=reason, now=now)
        case.closed_at = now
        case.save()
        _tell_desk(case, "withdrawn", reason=reason)
        _tell_requester(case, "status_changed")
    return case


# --- KDIA's steps ---------------------------------------------------------------------------


def triage(
    case_id: int,
    *,
    by,
    assignee=None,
    priority: int | None = None,
    topic: str | None = None,
    themes=None,
    event=None,
    status: str | None = None,
    version: str | None = None,
) -> Case:
    """KDIA sorts the case: who works it, how urgent, what it is about, the event it came from.

    ``version`` (the ``updated_at`` the form was opened with) refuses a save on top of someone
    else's newer change; ``status`` may move between triaged, in progress and waiting for the
    requester while the case is not finished.
    """
    with transaction.atomic():
        case = _desk_case(case_id, by)
        if version and version != version_of(case):
            raise Refused(STALE_MESSAGE, "stale", "version")
        if assignee is not None and not assignee.is_kdia:
            raise Refused(_("Assign the case to a member of KDIA."), "invalid", "assignee")
        if priority is not None and priority not in Priority.values:
            raise Refused(_("Choose a priority from the list."), "invalid", "priority")
        if topic and topic not in Topic.values:
            raise Refused(_("Choose a topic from the list."), "invalid", "topic")
        if status and status != case.status:
            if status not in KDIA_SETTABLE:
                raise Refused(_("This status cannot be set here."), "invalid", "status")
            if case.status in FINISHED:
                raise Refused(
                    _("A finished case changes status only when its requester reopens it."),
                    "finished",
                    "status",
                )
        newly_assigned = assignee is not None and assignee.pk != case.assignee_id
        case.assignee = assignee
        if priority is not None:
            case.priority = priority
        if topic:
            case.topic = topic
        case.event = event
        moved = _move(case, status, by) if status else None
        if case.status == Status.OPEN and moved is None and newly_assigned:
            # Assigning is triage: the requester sees that someone took the case up.
            moved = _move(case, Status.TRIAGED, by)
        case.save()
        if themes is not None:
            case.themes.set(themes)
        if newly_assigned and assignee.pk != getattr(by, "pk", None):
            notify([assignee], TEMPLATES + "assigned", {"case": case, "by": by}, url=staff_case_path(case))
        if moved is not None:
            _tell_requester(case, "status_changed")
    return case


PUBLIC_DESK_KINDS = (EntryKind.ANSWER, EntryKind.MINUTES)
DESK_KINDS = (*PUBLIC_DESK_KINDS, EntryKind.NOTE)


def add_desk_entry(
    case_id: int,
    *,
    by,
    kind: str,
    body: str,
    attachments=(),
    then: str | None = None,
    event=None,
) -> Entry:
    """KDIA answers, keeps an internal note, or records the minutes of a meeting about the case.

    An answer moves the case to ``then`` (waiting for the requester by default, or still in
    progress); answers and minutes tell the requester, notes stay within KDIA.
    """
    if kind not in DESK_KINDS:
        raise Refused(_("Unknown kind of entry."), "invalid", "kind")
    body = _text(body, "body")
    with transaction.atomic():
        case = _desk_case(case_id, by)
        now = timezone.now()
        if kind == EntryKind.ANSWER:
            if case.status in FINISHED:
                raise Refused(_("This case is finished: its requester may reopen it."), "finished")
            then = then or Status.WAITING_REQUESTER
            if then not in (Status.WAITING_REQUESTER, Status.IN_PROGRESS):
                raise Refused(_("Choose what happens after the answer."), "invalid", "then")
        entry = _entry(case, kind, by, body=body, attachments=attachments, event=event, created_at=now)
        if kind in PUBLIC_DESK_KINDS and case.first_answered_at is None:
            case.first_answered_at = now
        if kind == EntryKind.ANSWER:
            _move(case, then, by, now=now)
            if then in WAITING_ON_KDIA:
                case.waiting_since = now  # answered: the clock starts again
        if kind == EntryKind.MINUTES and event is not None and case.event_id is None:
            case.event = event
        case.save()
        if kind in PUBLIC_DESK_KINDS:
            _tell_requester(case, "desk_entry", entry=entry)
    return entry


def resolve(case_id: int, *, by, resolution: str) -> Case:
    """KDIA closes the case with a resolution the requester reads (and may reopen for a while)."""
    resolution = _text(resolution, "resolution")
    with transaction.atomic():
        case = _desk_case(case_id, by)
        if case.status in FINISHED:
            raise Refused(_("This case is already finished."), "finished")
        now = timezone.now()
        _move(case, Status.RESOLVED, by, body=resolution, now=now)
        case.resolution = resolution
        case.resolved_at = now
        case.first_answered_at = case.first_answered_at or now
        case.save()
        _tell_requester(case, "status_changed")
    return case


# --- Periodic work --------------------------------------------------------------------------


def remind_overdue(now=None) -> int:
    """Remind the assignee (or all of KDIA) of each case overdue since its last reminder."""
    now = now or timezone.now()
    reminded = 0
    cutoff = now - timedelta(days=overdue_days())
    for case_id in Case.objects.overdue(now).values_list("pk", flat=True):
        with transaction.atomic():
            case = _locked(case_id)
            # Once per overdue period: again only after another OVERDUE_DAYS without an answer.
            if not case.is_overdue(now) or (case.reminded_at and case.reminded_at > cutoff):
                continue
            Case.objects.filter(pk=case.pk).update(reminded_at=now)
            if _tell_desk(case, "overdue", days=(now - case.waiting_since).days):
                reminded += 1
    return reminded


def close_expired(now=None) -> int:
    """Resolved cases whose reopening window has passed become closed."""
    now = now or timezone.now()
    closed = 0
    expired = Case.objects.filter(status=Status.RESOLVED, resolved_at__lt=now - timedelta(days=reopen_days()))
    for case_id in expired.values_list("pk", flat=True):
        with transaction.atomic():
            case = _locked(case_id)
            if case.status != Status.RESOLVED or case.can_reopen(now):
                continue
            _move(case, Status.CLOSED, None, now=now)
            case.closed_at = now
            case.save()
            closed += 1
    return closed
