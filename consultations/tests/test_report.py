"""The themes report and its anonymised export."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations import report, services
from consultations.models import Case, Theme
from consultations.testing import make_case

pytestmark = pytest.mark.django_db


def _at(case, opened, first_hours=None, resolve_hours=None):
    fields = {"created_at": opened}
    if first_hours is not None:
        fields["first_answered_at"] = opened + timedelta(hours=first_hours)
    if resolve_hours is not None:
        fields["resolved_at"] = opened + timedelta(hours=resolve_hours)
    Case.objects.filter(pk=case.pk).update(**fields)


@pytest.fixture
def cases(desk):
    seoul = timezone.get_current_timezone()
    banking = Theme.objects.get(name_en="Banking (prior value accumulation) procedure")
    finding = Theme.objects.get(name_en="Hard to find qualified Korean participants")
    a = make_case(desk.people.contractor, subject="Westmark secret plan")
    b = make_case(desk.people.rival, subject="Aldergate matter")
    c = make_case(desk.people.korean, subject="Garam matter")
    d = make_case(desk.people.contractor, subject="Second Westmark")
    a.themes.set([banking, finding])
    b.themes.set([banking])
    _at(a, datetime(2026, 1, 10, 9, tzinfo=seoul), first_hours=10, resolve_hours=100)
    _at(b, datetime(2026, 2, 10, 9, tzinfo=seoul), first_hours=30)
    _at(c, datetime(2026, 4, 1, 9, tzinfo=seoul))
    _at(d, datetime(2026, 5, 1, 9, tzinfo=seoul), first_hours=20, resolve_hours=50)
    return a, b, c, d


def test_counts_by_theme_programme_and_quarter_with_times(cases):
    built = report.build(Case.objects.all())
    assert built.total.cases == 4
    assert built.total.first_answer.median == 20 and built.total.first_answer.mean == 20
    assert built.total.resolution.median == 75 and built.total.resolution.count == 2
    themes = {group.label: group.cases for group in built.by_theme}
    assert themes == {
        "Banking (prior value accumulation) procedure": 2,
        "Hard to find qualified Korean participants": 1,
        "No theme yet": 2,
    }
    assert [(g.label, g.cases) for g in built.by_quarter] == [("2026 Q1", 2), ("2026 Q2", 2)]
    assert [(g.label, g.cases) for g in built.by_programme] == [("No programme", 4)]


def test_pseudonyms_are_stable_per_organisation_and_kind():
    assert [report._letters(n) for n in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_the_export_names_no_organisation_person_or_text(cases, desk, login):
    kdia = login(desk.people.kdia)
    response = kdia.get(reverse("staff_consultations:export", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    for secret in (
        "Westmark",
        "Aldergate",
        "Garam",
        "가람",
        "secret plan",
        desk.people.contractor.full_name,
        "@",
    ):
        assert secret not in text
    rows = list(csv.reader(io.StringIO(text)))
    requesters = [row[1] for row in rows[1:]]
    assert requesters == ["Contractor A", "Contractor B", "Korean company A", "Contractor A"]
    assert rows[1][12] == "10.0" and rows[1][13] == "100.0"
    xlsx = kdia.get(reverse("staff_consultations:export", args=["xlsx"]), {"start": "2026-04-01"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3
    assert kdia.get(reverse("staff_consultations:export", args=["pdf"])).status_code == 404


def test_the_report_page_filters_by_period(cases, desk, login):
    kdia = login(desk.people.kdia)
    response = kdia.get(reverse("staff_consultations:report"), {"start": "2026-04-01", "end": "2026-06-30"})
    assert response.context["report"].total.cases == 2
    bad = kdia.get(reverse("staff_consultations:report"), {"start": "2026-06-01", "end": "2026-01-01"})
    assert bad.status_code == 200 and bad.context["form"].errors["end"]
    nonsense = kdia.get(reverse("staff_consultations:report"), {"start": "yesterday"})
    assert nonsense.status_code == 200 and nonsense.context["form"].errors["start"]


def test_resolved_then_reopened_cases_count_their_final_resolution(desk):
    case = make_case(desk.people.contractor)
    services.resolve(case.pk, by=desk.people.kdia, resolution="x")
    services.reopen(case.pk, by=desk.people.contractor, reason="y")
    assert report.build(Case.objects.all()).total.resolution.count == 0
