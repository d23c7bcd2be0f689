"""The themes report (KDIA): cases by theme, programme and quarter with the time to first answer
and to resolution, and the anonymised export KDIA hands to DAPA."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from audit.services import record_export
from consultations import report
from consultations.forms import PeriodForm
from consultations.models import Case
from consultations.permissions import desk_required
from core import spreadsheets


def _cases(request):
    form = PeriodForm(request.GET or None)
    return form, form.apply(Case.objects.workable_by(request.user))


@desk_required
def themes_report(request):
    form, cases = _cases(request)
    return render(
        request,
        "consultations/staff/report.html",
        {"form": form, "report": report.build(cases), "query": request.GET.urlencode()},
    )


@desk_required
def themes_export(request, fmt):
    if fmt not in spreadsheets.CONTENT_TYPES:
        raise Http404("Unknown format.")
    _form, cases = _cases(request)
    stem = f"consultations-anonymised-{timezone.localdate():%Y%m%d}"
    record_export(request, "consultation_themes", fmt=fmt)
    return spreadsheets.export_response(report.export_columns(), report.export_rows(cases), fmt, stem)
