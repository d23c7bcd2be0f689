"""What other pages (the home page, dashboards) show of the consultation desk."""

from __future__ import annotations

from consultations.models import Case, is_desk_staff


def overdue_count(user) -> int:
    """KDIA: the cases waiting on KDIA past CONSULTATION_OVERDUE_DAYS; 0 for anyone else."""
    if not is_desk_staff(user):
        return 0
    return Case.objects.workable_by(user).overdue().count()


def open_cases_for(user):
    """The not-finished cases ``user`` may see (their organisation's, DAPA's shared ones, all for KDIA)."""
    return Case.objects.visible_to(user).active().select_related("organization", "assignee")
