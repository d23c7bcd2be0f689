"""Fictional conversations for the demo: Northwind Aerosystems writes to two Korean companies.

Skipped when Northwind already has threads, so running ``load_demo`` again adds nothing.
Every name and message is invented.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.models import Organization, User
from companies.models import Company
from inquiries import services
from inquiries.models import Message, Thread, ThreadRead

CONTRACTOR = "Northwind Aerosystems"

# (subject, [(side, days ago, body)]): side "c" is the contractor, "k" the Korean company.
CONVERSATIONS = [
    (
        "Titanium forgings for the UAV engine mounts",
        [
            (
                "c",
                9,
                "Hello, we are looking for a Korean partner to forge titanium engine mounts for a UAV "
                "programme, about 60 sets a year from 2027. Is this within your capacity?",
            ),
            (
                "k",
                8,
                "안녕하세요. 관심 가져 주셔서 감사합니다. Yes, our 2,500-ton press line handles parts of "
                "this size. Could you share the drawings and the material specification?",
            ),
            (
                "c",
                6,
                "Thank you. The drawings follow under NDA through KDIA's consultation meeting next month; "
                "the material is Ti-6Al-4V to AMS 4928.",
            ),
        ],
    ),
    (
        "Depot repair of datalink modules",
        [
            (
                "c",
                4,
                "We would like to discuss depot-level repair of our datalink modules in Korea as an "
                "indirect offset project. Would your team be available for a call next week?",
            ),
            (
                "k",
                3,
                "We would be glad to. Tuesday or Wednesday afternoon (Korea time) suits us; please "
                "propose a slot.",
            ),
        ],
    ),
]


def _first_member(organization):
    return (
        User.objects.filter(membership_record__organization=organization, is_active=True)
        .order_by("membership_record__role", "pk")
        .first()
    )


def load() -> list:
    contractor = Organization.objects.filter(
        kind=OrganizationKind.FOREIGN_CONTRACTOR, name_en=CONTRACTOR, status=OrganizationStatus.APPROVED
    ).first()
    if contractor is None or Thread.objects.filter(contractor=contractor).exists():
        return []
    companies = list(
        Company.objects.filter(
            organization__isnull=False,
            organization__status=OrganizationStatus.APPROVED,
            organization__kind=OrganizationKind.KOREAN_COMPANY,
        )
        .select_related("organization")
        .order_by("brn")[: len(CONVERSATIONS)]
    )
    buyer = _first_member(contractor)
    if buyer is None:
        return []
    now = timezone.now()
    with transaction.atomic():
        for company, (subject, messages) in zip(companies, CONVERSATIONS, strict=False):
            answerer = _first_member(company.organization)
            if answerer is None:
                continue
            authors = {"c": buyer, "k": answerer}
            (_side, _days, first_body), *rest = messages
            thread = services.start_thread(
                contractor=contractor, company=company, subject=subject, body=first_body, by=buyer
            )
            for side, _days, body in rest:
                services.post_message(thread, body=body, by=authors[side])
            # Spread the invented history over the past days.
            for message, (_side, days, _body) in zip(thread.messages.order_by("pk"), messages, strict=True):
                Message.objects.filter(pk=message.pk).update(created_at=now - timedelta(days=days))
            last = now - timedelta(days=messages[-1][1])
            Thread.objects.filter(pk=thread.pk).update(
                created_at=now - timedelta(days=messages[0][1]), last_message_at=last
            )
            # Both authors have read up to their own last message; the rest stays new to them.
            for user in authors.values():
                own = [days for side, days, _ in messages if authors[side] == user]
                ThreadRead.objects.filter(thread=thread, user=user).update(
                    last_read_at=now - timedelta(days=min(own))
                )
    return []
