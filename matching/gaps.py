"""What a Korean company lacks for a requirement, and what it can do about each gap.

Gaps come from the criteria of ``matching.scoring.assess`` that are not met, only partly met or
unknown: a missing or expiring certificate, a capability or field not on the profile, a text the
search does not find in the profile. Each gap says what the problem is, what to do, and links to
the page of the profile where it is done. The gaps worth most points come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from companies.choices import SizeClass
from companies.models import Company
from matching.models import Requirement
from matching.scoring import (
    KEY_CAPABILITIES,
    KEY_EXPERIENCE,
    KEY_FIELDS,
    KEY_OFFSET,
    KEY_PREFERRED,
    KEY_QUALITY,
    KEY_REQUIRED,
    KEY_SIZE,
    KEY_WORK_PACKAGE,
    MET,
    NOT_MET,
    PARTLY,
    UNKNOWN,
    Criterion,
    Match,
    assess,
    assess_all,
    open_requirements,
)


@dataclass(frozen=True)
class Gap:
    key: str  # the criterion's key (with ":<capability id>" for one capability)
    label: str  # the criterion, in the active language
    problem: str
    advice: str
    url: str | None = None


def _section(company: Company, section: str) -> str:
    return reverse("companies:company_section", args=[company.brn, section])


def _edit(company: Company) -> str:
    return reverse("companies:company_edit", args=[company.brn])


def _certification_gaps(criterion: Criterion, company: Company) -> list[Gap]:
    details = criterion.details
    name = details["type"].name
    url = _section(company, "certifications")
    values = {"name": name, "deadline": details["deadline"].isoformat()}
    state = details.get("state")
    if state in ("expired", "expiring"):
        values["date"] = details["expires_on"].isoformat()
        if state == "expired":
            problem = (
                _("Your %(name)s certificate expired on %(date)s; the deadline is %(deadline)s.") % values
            )
        else:
            problem = (
                _("Your %(name)s certificate expires on %(date)s, before the deadline %(deadline)s.") % values
            )
        advice = _("Renew it and update the expiry date on your profile.")
    else:
        if details["required"]:
            problem = (
                _("This requirement asks for %(name)s; your profile shows no %(name)s certificate.") % values
            )
        else:
            problem = _("%(name)s is preferred; your profile shows no %(name)s certificate.") % values
        advice = (
            _(
                "Add your %(name)s certificate to your profile with its expiry date; if you do not hold it yet, "
                "ask a certification body how long it takes before the deadline %(deadline)s."
            )
            % values
        )
    return [Gap(criterion.key, criterion.label, problem, advice, url)]


def _capability_gaps(criterion: Criterion, company: Company) -> list[Gap]:
    url = _edit(company)
    if criterion.outcome == UNKNOWN:
        names = ", ".join(capability.name for capability in criterion.details["missing"])
        problem = _("Your profile lists no capabilities.")
        advice = _("Add the capabilities you have; this requirement asks for: %(names)s.") % {"names": names}
        return [Gap(criterion.key, criterion.label, problem, advice, url)]
    gaps = []
    for capability in criterion.details["missing"]:
        values = {"name": capability.name}
        gaps.append(
            Gap(
                f"{criterion.key}:{capability.pk}",
                criterion.label,
                _("The capability '%(name)s' is not on your profile.") % values,
                _("Add the capability '%(name)s' if you have it.") % values,
                url,
            )
        )
    return gaps


def _field_gap(criterion: Criterion, company: Company) -> Gap:
    names = ", ".join(defence_field.name for defence_field in criterion.details["wanted"])
    values = {"names": names}
    if criterion.outcome == UNKNOWN:
        problem = _("Your profile lists no defence fields; this requirement is for: %(names)s.") % values
    else:
        problem = _("This requirement is for %(names)s; your profile lists other defence fields.") % values
    advice = _("If you work in one of these fields, add it to your profile's defence fields.")
    return Gap(criterion.key, criterion.label, problem, advice, _edit(company))


def _size_gap(criterion: Criterion, company: Company) -> Gap:
    wanted = ", ".join(str(SizeClass(code).label) for code in criterion.details["wanted"])
    if criterion.outcome == UNKNOWN:
        problem = _(
            "Your profile does not state your company's size; this requirement is for: %(wanted)s."
        ) % {"wanted": wanted}
        advice = _("Add your size class (SME, mid-sized or large) to your profile.")
    else:
        problem = _("This requirement is for %(wanted)s; your profile says %(size)s.") % {
            "wanted": wanted,
            "size": company.get_size_class_display(),
        }
        advice = _("Nothing to do if your profile is right; otherwise correct your size class.")
    return Gap(criterion.key, criterion.label, problem, advice, _edit(company))


def _text_gap(criterion: Criterion, company: Company) -> Gap:
    values = {"text": criterion.details["query"]}
    if criterion.outcome == PARTLY:
        problem = _("Your profile matches only part of '%(text)s'.") % values
    elif criterion.outcome == UNKNOWN:
        problem = _("Your profile does not show whether you can do '%(text)s'.") % values
    else:
        problem = _("Your profile does not mention '%(text)s'.") % values
    if criterion.key == KEY_WORK_PACKAGE:
        advice = _(
            "If you make this, add the product with its specifications, in Korean and English, and "
            "describe the work in your company description."
        )
        url = reverse("companies:product_create", args=[company.brn])
    elif criterion.key == KEY_QUALITY:
        advice = _(
            "Describe your quality system in your company description and add the certificates that prove it."
        )
        url = _edit(company)
    else:
        advice = _(
            "Add the programmes you took part in to your track record and describe this experience in "
            "your company description."
        )
        url = _section(company, "track-record")
    return Gap(criterion.key, criterion.label, problem, advice, url)


def _offset_gap(criterion: Criterion, company: Company) -> Gap:
    if criterion.outcome == UNKNOWN:
        problem = _("Your profile lists no past programmes; this requirement asks for offset experience.")
    else:
        problem = _("None of the past programmes on your profile is an offset programme.")
    advice = _("If you took part in an offset programme, add it to your track record as an offset programme.")
    return Gap(criterion.key, criterion.label, problem, advice, _section(company, "track-record"))


def gaps_for(match: Match) -> list[Gap]:
    """The gaps behind an assessed match, those worth most points first."""
    company = match.company
    gaps: list[tuple[float, Gap]] = []
    for criterion in match.criteria:
        if criterion.outcome == MET:
            continue
        lost = criterion.weight * (1 - criterion.credit)  # the points closing the gap would earn
        kind = criterion.key.split(":")[0]
        if kind in (KEY_REQUIRED, KEY_PREFERRED):
            gaps += [(lost, gap) for gap in _certification_gaps(criterion, company)]
        elif kind == KEY_CAPABILITIES:
            found = _capability_gaps(criterion, company)
            gaps += [(lost / len(found), gap) for gap in found]  # each missing capability, its share
        elif kind == KEY_FIELDS:
            gaps.append((lost, _field_gap(criterion, company)))
        elif kind == KEY_SIZE:
            gaps.append((lost, _size_gap(criterion, company)))
        elif kind in (KEY_WORK_PACKAGE, KEY_QUALITY, KEY_EXPERIENCE):
            gaps.append((lost, _text_gap(criterion, company)))
        elif kind == KEY_OFFSET and criterion.outcome in (NOT_MET, UNKNOWN):
            gaps.append((lost, _offset_gap(criterion, company)))
    gaps.sort(key=lambda item: -item[0])  # stable: equal values keep the criteria's order
    return [gap for _lost, gap in gaps]


def gap_list(requirement: Requirement, company: Company, *, match: Match | None = None) -> list[Gap]:
    """What ``company`` lacks for ``requirement`` and what it can do about each.

    Pass the ``match`` from ``assess(requirement, company)`` when you have it already.
    """
    return gaps_for(match if match is not None else assess(requirement, company))


def requirements_for(company: Company, *, limit: int = 20) -> list[tuple[Requirement, Match]]:
    """Published requirements still open that ``company`` matches at all, best first.

    A requirement is listed when the company earns any point or meets any criterion; ties go to
    the nearer deadline. Use ``gaps_for(match)`` for each one's gap list.
    """
    matched = [
        (requirement, match)
        for requirement, match in assess_all(open_requirements(), company)
        if match.score > 0 or match.met_count
    ]
    matched.sort(key=lambda item: (-item[1].score, item[0].deadline, item[0].pk))
    return matched[:limit]
