"""A Korean company's profile completeness for its home page: the directory's own score
(``companies.services.completeness_checks``) with a link to where each missing thing is added."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from companies.services import completeness_checks, completeness_score


@dataclass(frozen=True)
class Missing:
    label: str
    url: str


@dataclass(frozen=True)
class Completeness:
    percent: int  # weighted as on the company's own page
    done: int
    total: int
    missing: list[Missing]


def completeness(company) -> Completeness:
    """The profile's score, how many checks it passes, and a link to fix each one it fails."""
    checks = completeness_checks(company)
    missing = [
        Missing(str(check.label), reverse(check.fix[0], args=(company.brn, *check.fix[1:])))
        for check in checks
        if not check.passed
    ]
    return Completeness(completeness_score(checks), len(checks) - len(missing), len(checks), missing)
