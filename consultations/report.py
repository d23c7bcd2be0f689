"""The themes report: cases counted by theme, programme and quarter, with the hours KDIA took to
answer first and to resolve; and its anonymised export for DAPA (no organisation or person names,
no free text, requesters replaced by "Contractor A", "Korean company B"...)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganizationKind
from consultations.choices import Confidentiality
from consultations.models import Case


def quarter_of(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.year} Q{(local.month - 1) // 3 + 1}"


def hours_between(start, end) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 3600, 1)


@dataclass
class Durations:
    """Hours from opening a case to an event in its life, over the cases that reached it."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return round(statistics.median(self.values), 1) if self.values else None

    @property
    def mean(self) -> float | None:
        return round(statistics.fmean(self.values), 1) if self.values else None


@dataclass
class Group:
    """One line of the report: a theme, a programme or a quarter."""

    label: str
    cases: int = 0
    first_answer: Durations = field(default_factory=Durations)
    resolution: Durations = field(default_factory=Durations)

    def add(self, case: Case) -> None:
        self.cases += 1
        self.first_answer.add(hours_between(case.created_at, case.first_answered_at))
        self.resolution.add(hours_between(case.created_at, case.resolved_at))


@dataclass
class Report:
    total: Group
    by_theme: list[Group]
    by_programme: list[Group]
    by_quarter: list[Group]


def _sorted(groups: dict[str, Group]) -> list[Group]:
    return sorted(groups.values(), key=lambda group: (-group.cases, group.label))


def build(cases) -> Report:
    """The report over ``cases`` (a queryset the caller has already limited to what it may see)."""
    total = Group(_("All cases"))
    by_theme: dict[str, Group] = {}
    by_programme: dict[str, Group] = {}
    by_quarter: dict[str, Group] = {}
    for case in cases.select_related("programme").prefetch_related("themes"):
        total.add(case)
        themes = [theme.name for theme in case.themes.all()] or [_("No theme yet")]
        for name in themes:
            by_theme.setdefault(name, Group(name)).add(case)
        programme = case.programme.name if case.programme else _("No programme")
        by_programme.setdefault(programme, Group(programme)).add(case)
        quarter = quarter_of(case.created_at)
        by_quarter.setdefault(quarter, Group(quarter)).add(case)
    return Report(
        total=total,
        by_theme=_sorted(by_theme),
        by_programme=_sorted(by_programme),
        by_quarter=sorted(by_quarter.values(), key=lambda group: group.label),
    )


def _letters(number: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet-style column letters."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def pseudonyms(cases) -> dict[int, str]:
    """Organisation id -> "Contractor A" / "Korean company A", lettered per kind in order of first case."""
    names: dict[int, str] = {}
    counters: dict[str, int] = defaultdict(int)
    for organization_id, kind in cases.order_by("created_at", "pk").values_list(
        "organization_id", "organization__kind"
    ):
        if organization_id in names:
            continue
        letter = _letters(counters[kind])
        counters[kind] += 1
        if kind == OrganizationKind.FOREIGN_CONTRACTOR:
            names[organization_id] = _("Contractor %(letter)s") % {"letter": letter}
        else:
            names[organization_id] = _("Korean company %(letter)s") % {"letter": letter}
    return names


def export_columns() -> list[str]:
    return [
        _("No."),
        _("Requester"),
        _("Requester type"),
        _("Topic"),
        _("Programme"),
        _("Themes"),
        _("Quarter"),
        _("Opened"),
        _("Status"),
        _("Priority"),
        _("Shared with DAPA"),
        _("Raised at an event"),
        _("Hours to first answer"),
        _("Hours to resolution"),
    ]


def export_rows(cases) -> list[list]:
    """One row per case with no names and no free text: only what counts difficulties."""
    names = pseudonyms(cases)
    rows = []
    ordered = (
        cases.select_related("programme", "organization")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    for number, case in enumerate(ordered, start=1):
        first = hours_between(case.created_at, case.first_answered_at)
        resolved = hours_between(case.created_at, case.resolved_at)
        rows.append(
            [
                number,
                names[case.organization_id],
                OrganizationKind(case.organization.kind).label,
                case.get_topic_display(),
                case.programme.name if case.programme else "",
                "; ".join(theme.name for theme in case.themes.all()),
                quarter_of(case.created_at),
                timezone.localtime(case.created_at).date().isoformat(),
                case.get_status_display(),
                case.get_priority_display(),
                _("yes") if case.confidentiality == Confidentiality.KDIA_DAPA else _("no"),
                _("yes") if case.event_id else _("no"),
                "" if first is None else first,
                "" if resolved is None else resolved,
            ]
        )
    return rows
