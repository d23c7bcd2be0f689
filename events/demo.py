"""Fictional events for the demo: an upcoming consultation day with registrations, requests and a
published schedule, and a past networking event with attendance and outcomes."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_brn
from accounts.models import Organization, User
from companies.models import Company
from events import day, planning, services
from events.choices import EventKind, EventStatus
from events.models import Event, EventContractor, MeetingRequest
from events.testing import make_grid, seoul

CONTRACTORS = ["Northwind Aerosystems", "Aldermoor Defence Ltd"]
COMPANIES = [10101, 10202, 10303]
# contractor index, company serial, sent by the contractor?, reason, answer (None = waiting)
UPCOMING_REQUESTS = [
    (0, 10101, True, "Turbine blade machining for the UAV engine: first-article plan and capacity.", True),
    (0, 10202, False, "We would like to present our heat-treatment line for nickel alloys.", True),
    (1, 10303, True, "Radome shells in quartz/epoxy: RF transmission testing on site.", True),
    (1, 10101, False, "Precision housings for the frigate sonar: our references.", True),
    (1, 10202, True, "Cable harnesses to MIL-spec drawings.", None),
]
PAST_REQUESTS = [
    (0, 10101, True, "Landing-gear actuator overhaul in Korea.", "mou"),
    (1, 10303, True, "Composite repair of radome panels.", "nda"),
    (0, 10303, False, "Our composite tooling for UAV wings.", "follow_up"),
    (1, 10202, False, "Heat sinks for naval electronics.", "no_show"),
]


def _event(title_ko, title_en, kind, on):
    return Event.objects.create(
        title_ko=title_ko,
        title_en=title_en,
        kind=kind,
        description_ko="해외 업체와 국내 방산 중소기업 간 1:1 절충교역 상담.",
        description_en="One-to-one offset consultations between foreign contractors and Korean defence SMEs.",
        venue_ko="서울 방산회관 대회의실",
        venue_en="Defence Industry Hall, Seoul, main conference room",
        starts_at=seoul(on, 9),
        ends_at=seoul(on, 17),
        manual_check=True,
        capacity=30,
        self_booking=True,
        status=EventStatus.REGISTRATION_OPEN,
    )


def _run(event, kdia, contractors, companies, rows):
    for organization in contractors:
        EventContractor.objects.create(event=event, organization=organization)
    for company in companies.values():
        user = User.objects.members_of([company.organization])[0]
        registration = services.register(
            event.pk, company, products=list(company.products.all()[:2]), by=user
        )
        services.decide_registration(registration.pk, decision="validated", by=kdia)
    made = []
    for index, serial, by_contractor, reason, answer in rows:
        contractor, company = contractors[index], companies[serial]
        sender, recipient = (
            (contractor, company.organization) if by_contractor else (company.organization, contractor)
        )
        request = services.request_meeting(
            event.pk,
            sender=sender,
            recipient=recipient,
            reason=reason,
            by=User.objects.members_of([sender])[0],
        )
        if answer is not None:
            services.answer_request(request.pk, accept=True, by=User.objects.members_of([recipient])[0])
        made.append((request, answer))
    return made


def load() -> list[dict]:
    if Event.objects.exists():
        return []
    kdia = User.objects.staff_of("kdia")
    contractors = list(Organization.objects.filter(name_en__in=CONTRACTORS).order_by("name_en").reverse())
    companies = {
        serial: Company.objects.filter(brn=demo_brn(serial), organization__isnull=False).first()
        for serial in COMPANIES
    }
    if not kdia or len(contractors) < 2 or None in companies.values():
        return []
    contractors = sorted(contractors, key=lambda org: CONTRACTORS.index(org.name_en))
    kdia = kdia[0]
    with transaction.atomic():
        upcoming = _event(
            "2026 항공·유도 분야 절충교역 상담회",
            "2026 Aerospace offset consultation day",
            EventKind.CONSULTATION,
            timezone.localdate() + timedelta(days=10),
        )
        make_grid(upcoming, slots=8, tables=4)
        _run(upcoming, kdia, contractors, companies, UPCOMING_REQUESTS)
        services.change_status(upcoming.pk, EventStatus.REGISTRATION_CLOSED, by=kdia)
        planning.run_scheduler(upcoming.pk, by=kdia, time_limit=2.0)
        planning.publish_agendas(upcoming.pk, by=kdia)

        past = _event(
            "2025 함정 분야 네트워킹 행사",
            "2025 Naval networking event",
            EventKind.NETWORKING,
            timezone.localdate() + timedelta(days=-40),
        )
        make_grid(past, slots=6, tables=3)
        made = _run(past, kdia, contractors, companies, PAST_REQUESTS)
        services.change_status(past.pk, EventStatus.REGISTRATION_CLOSED, by=kdia)
        planning.run_scheduler(past.pk, by=kdia, time_limit=2.0)
        planning.publish_agendas(past.pk, by=kdia)
        for request, outcome in made:
            meeting = MeetingRequest.objects.get(pk=request.pk).meeting
            if outcome == "no_show":
                day.mark_no_show(meeting.pk, absent="company", by=kdia)
                continue
            day.check_in(meeting.pk, by=kdia)
            day.record_outcome(meeting.pk, outcome=outcome, note="", by=kdia)
        services.change_status(past.pk, EventStatus.FINISHED, by=kdia)
    return []
