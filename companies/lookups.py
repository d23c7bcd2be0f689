"""Looking up directory records the way every view must: through visible_to / editable_by, else 404."""

from django.shortcuts import get_object_or_404

from companies.models import Company
from core.identifiers import normalise_brn


def visible_company(request, brn: str) -> Company:
    """A company the user may see, by registration number with or without hyphens; anything else is a 404."""
    return get_object_or_404(Company.objects.visible_to(request.user), brn=normalise_brn(brn or ""))


def editable_company(request, brn: str) -> Company:
    """A company the user may edit; anything else is a 404, so ids cannot be probed."""
    return get_object_or_404(Company.objects.editable_by(request.user), brn=normalise_brn(brn or ""))
