"""Test factories for requirements and expressions of interest (fictional content)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from companies.models import Capability, CertificationType, DefenceField
from matching import services
from matching.choices import RequirementStatus
from matching.models import ExpressionOfInterest, Requirement


def make_requirement(
    owner, *, status=RequirementStatus.PUBLISHED, title="Sonar transducer housings", by=None, **fields
):
    requirement = Requirement.objects.create(
        owner=owner,
        title_en=title,
        scope_en=fields.pop(
            "scope_en", "Machined housings for hull-mounted sonar transducers, 40 sets a year."
        ),
        deadline=fields.pop("deadline", timezone.localdate() + timedelta(days=60)),
        status=status,
        published_at=timezone.now() if status == RequirementStatus.PUBLISHED else None,
        created_by=by,
        **fields,
    )
    requirement.defence_fields.set(DefenceField.objects.filter(code="naval"))
    requirement.capabilities.set(Capability.objects.filter(name_en="Precision machining"))
    requirement.required_certifications.set(CertificationType.objects.filter(name_en="ISO 9001"))
    return requirement


def make_eoi(requirement, company, *, by=None, send=True) -> ExpressionOfInterest:
    eoi = ExpressionOfInterest(
        requirement=requirement, company=company, message_en="We machine such housings."
    )
    services.save_eoi(eoi, products=[], by=by)
    if send:
        eoi = services.submit_eoi(eoi.pk, by=by)
    return eoi


def make_matching_world(foreign, directory, users) -> SimpleNamespace:
    """The contractor's published requirement (the Korean company sent an EOI, the other company
    keeps a draft one), its draft requirement and one waiting for KDIA."""
    published = make_requirement(foreign, by=users.foreign)
    draft = make_requirement(foreign, status=RequirementStatus.DRAFT, title="Radome repair", by=users.foreign)
    pending = make_requirement(
        foreign, status=RequirementStatus.PENDING, title="Cable harnesses", by=users.foreign
    )
    eoi = make_eoi(published, directory.published, by=users.korean_admin)
    draft_eoi = make_eoi(published, directory.draft, by=users.other_korean, send=False)
    return SimpleNamespace(published=published, draft=draft, pending=pending, eoi=eoi, draft_eoi=draft_eoi)
