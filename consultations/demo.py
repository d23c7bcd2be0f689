"""Fictional consultation cases for the demo: one in each state of the desk's life, some linked to
the demo programmes and events, with answers, an internal note, minutes and themes."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import DOMAIN
from accounts.models import User
from consultations import services
from consultations.choices import Confidentiality, EntryKind, Priority, Status, Topic
from consultations.models import Case, Entry, Theme
from events.models import Event
from offsets.models import Programme


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first()


def _themes(*names_en: str) -> list[Theme]:
    return list(Theme.objects.filter(name_en__in=names_en))


def _backdate(
    case: Case, *, opened_days: float, answer_hours: float | None, resolve_hours: float | None
) -> None:
    """Spread the story over time so the queue, the overdue flag and the report have something to show."""
    case.refresh_from_db()
    opened = timezone.now() - timedelta(days=opened_days)
    fields = {"created_at": opened}
    if case.first_answered_at and answer_hours is not None:
        fields["first_answered_at"] = opened + timedelta(hours=answer_hours)
    if case.resolved_at and resolve_hours is not None:
        fields["resolved_at"] = opened + timedelta(hours=resolve_hours)
    if case.waiting_since:
        fields["waiting_since"] = fields.get("first_answered_at", opened)
    if case.closed_at:
        fields["closed_at"] = timezone.now() - timedelta(days=1)
    Case.objects.filter(pk=case.pk).update(**fields)
    entries = list(case.entries.order_by("created_at", "pk"))
    last = fields.get("resolved_at") or fields.get("first_answered_at") or opened + timedelta(hours=2)
    step = (last - opened) / max(len(entries), 1)
    for index, entry in enumerate(entries, start=1):
        Entry.objects.filter(pk=entry.pk).update(created_at=opened + step * index)


def load() -> list[dict]:
    if Case.objects.exists():
        return []
    northwind, aldermoor = _user("buyer.northwind"), _user("offsets.aldermoor")
    solbaram, eunhasu = _user("ceo.solbaram"), _user("admin.eunhasu")
    kdia = _user("kdia.officer")
    if None in (northwind, aldermoor, solbaram, eunhasu, kdia):
        return []
    programmes = list(Programme.objects.order_by("pk")[:2])
    programme = programmes[0] if programmes else None
    upcoming = Event.objects.filter(title_en__contains="Aerospace").first()
    past = Event.objects.filter(title_en__contains="Naval").first()
    with transaction.atomic():
        # Resolved, shared with DAPA, raised at the consultation day.
        kips = services.open_case(
            by=northwind,
            topic=Topic.FINDING_KIPS,
            subject="Few Korean sources for radar-grade composite radomes",
            body_en="We need a Korean partner able to make quartz/epoxy radome shells to our RF spec. "
            "The directory shows two candidates; neither holds AS9100. Can KDIA suggest others?",
            confidentiality=Confidentiality.KDIA_DAPA,
            programme=programme,
        )
        services.triage(
            kips.pk,
            by=kdia,
            assignee=kdia,
            priority=Priority.HIGH,
            themes=_themes(
                "Hard to find qualified Korean participants", "Korean suppliers' quality and certification"
            ),
            event=upcoming,
        )
        services.add_desk_entry(
            kips.pk,
            by=kdia,
            kind=EntryKind.ANSWER,
            body="Three further composite makers are preparing AS9100; we invited two of them to the "
            "consultation day so you can meet them.",
        )
        services.post_message(kips.pk, by=northwind, body="Thank you. Please book us with both.")
        services.resolve(
            kips.pk,
            by=kdia,
            resolution="Meetings with both makers are on your agenda for the consultation day.",
        )
        _backdate(kips, opened_days=20, answer_hours=20, resolve_hours=6 * 24)

        # Waiting for the requester, KDIA only.
        banking = services.open_case(
            by=aldermoor,
            topic=Topic.BANKING,
            subject="Can banked credit from 2019 still be withdrawn?",
            body_en="We banked value with two SMEs in 2019. How long does banked credit stay valid, and "
            "does it depreciate?",
        )
        services.triage(
            banking.pk, by=kdia, assignee=kdia, themes=_themes("Banking (prior value accumulation) procedure")
        )
        services.add_desk_entry(
            banking.pk,
            by=kdia,
            kind=EntryKind.ANSWER,
            body="The validity follows the policy in force when the value was banked. Could you send the "
            "deposit reference numbers so we can check them with DAPA?",
        )
        _backdate(banking, opened_days=12, answer_hours=30, resolve_hours=None)

        # Open and overdue: in Korean only, nobody assigned yet.
        valuation = services.open_case(
            by=solbaram,
            topic=Topic.RULES,
            subject="중소기업 승수 적용 범위 문의",
            body_ko="해외 업체가 당사에 제공한 공구·치구 비용도 중소기업 승수 적용 대상인지 알고 싶습니다.",
        )
        _backdate(valuation, opened_days=8, answer_hours=None, resolve_hours=None)

        # In progress, with an internal note and the minutes of the past networking event.
        obligation = services.open_case(
            by=northwind,
            topic=Topic.OBLIGATION,
            subject="Credit for the landing-gear overhaul transfer",
            body_en="Our MOA item for landing-gear overhaul in Korea: which evidence will DAPA accept for "
            "the technology transfer milestone?",
            programme=programme,
            confidentiality=Confidentiality.KDIA_DAPA,
        )
        services.triage(obligation.pk, by=kdia, assignee=kdia, status=Status.IN_PROGRESS, event=past)
        services.add_desk_entry(
            obligation.pk,
            by=kdia,
            kind=EntryKind.NOTE,
            body="Check with DAPA's offset division before answering.",
        )
        services.add_desk_entry(
            obligation.pk,
            by=kdia,
            kind=EntryKind.MINUTES,
            body="Met at the naval networking event. Agreed list: training records, first overhaul report, "
            "KIP acceptance letter.",
            event=past,
        )
        _backdate(obligation, opened_days=45, answer_hours=50, resolve_hours=None)

        # Closed by its requester.
        website = services.open_case(
            by=eunhasu,
            topic=Topic.WEBSITE,
            subject="Cannot upload our AS9100 certificate",
            body_en="The upload refuses our certificate scan.",
        )
        services.withdraw(website.pk, by=eunhasu, reason="It worked after exporting the scan as PDF again.")
        _backdate(website, opened_days=20, answer_hours=None, resolve_hours=None)
    return []
