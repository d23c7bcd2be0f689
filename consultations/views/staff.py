"""KDIA's desk under /staff/consultations/ (behind the second factor): the work queue with its
filters, a case with every entry (internal notes included), triage, answers, notes, minutes and
the resolution. The themes report and its export are in ``views/report.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case as Switch
from django.db.models import IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import services
from consultations.choices import FINISHED
from consultations.filters import QueueFilter
from consultations.forms import DeskEntryForm, ResolveForm, TriageForm
from consultations.models import Case, overdue_days
from consultations.permissions import desk_required
from consultations.views.cases import add_refusal, thread

PAGE_SIZE = 30


def _ordered(cases):
    """Overdue and urgent first, then the longest waiting; cases with the requester last."""
    return cases.annotate(
        overdue_first=Switch(
            When(pk__in=Case.objects.overdue().values("pk"), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("overdue_first", "-priority", "waiting_since", "-created_at", "-pk")


@desk_required
def queue(request):
    cases = Case.objects.workable_by(request.user).select_related("organization", "assignee", "programme")
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = "active"
    filterset = QueueFilter(data, queryset=cases, request=request)
    rows = filterset.qs if filterset.is_valid() else cases.none()
    page = Paginator(_ordered(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for case in page.object_list:
        case.overdue = case.is_overdue(now)
    every = Case.objects.workable_by(request.user)
    return render(
        request,
        "consultations/staff/queue.html",
        {
            "page": page,
            "filter": filterset,
            "counts": {
                "waiting": every.waiting_on_kdia().count(),
                "overdue": every.overdue(now).count(),
                "unassigned": every.waiting_on_kdia().filter(assignee__isnull=True).count(),
                "mine": every.waiting_on_kdia().filter(assignee=request.user).count(),
            },
            "overdue_days": overdue_days(),
        },
    )


def _case(request, pk) -> Case:
    return get_object_or_404(
        Case.objects.workable_by(request.user).select_related(
            "organization", "programme", "assignee", "event", "opened_by"
        ),
        pk=pk,
    )


def _render_case(request, case, *, triage=None, entry=None, resolve=None, status=200):
    return render(
        request,
        "consultations/staff/case.html",
        {
            "case": case,
            "entries": thread(case, request.user),
            "overdue": case.is_overdue(),
            "finished": case.status in FINISHED,
            "triage_form": triage or TriageForm(case=case, user=request.user),
            "entry_form": entry or DeskEntryForm(user=request.user),
            "resolve_form": resolve or ResolveForm(),
            "other_cases": Case.objects.workable_by(request.user)
            .filter(organization=case.organization)
            .exclude(pk=case.pk)
            .order_by("-created_at")[:10],
        },
        status=status,
    )


@desk_required
def case(request, pk):
    return _render_case(request, _case(request, pk))


@desk_required
@require_POST
def triage(request, pk):
    record = _case(request, pk)
    form = TriageForm(request.POST, case=record, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.triage(
                record.pk,
                by=request.user,
                assignee=data["assignee"],
                priority=data["priority"],
                topic=data["topic"],
                themes=list(data["themes"]),
                event=data["event"],
                status=data["status"] or None,
                version=data.get("version") or None,
            )
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("staff_consultations:case", pk=record.pk)
    return _render_case(request, record, triage=form)


@desk_required
@require_POST
def entry(request, pk):
    record = _case(request, pk)
    form = DeskEntryForm(request.POST, request.FILES or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_desk_entry(
                record.pk,
                by=request.user,
                kind=data["kind"],
                body=data["body"],
                attachments=form.attachments(),
                then=data["then"],
                event=data["event"],
            )
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("The note is saved (KDIA only).")
                if data["kind"] == "note"
                else _("Saved; the requester is told."),
            )
            return redirect(f"{services.staff_case_path(record)}#latest")
    return _render_case(request, record, entry=form)


@desk_required
@require_POST
def resolve(request, pk):
    record = _case(request, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve(record.pk, by=request.user, resolution=form.cleaned_data["resolution"])
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("The case is resolved; the requester is told."))
            return redirect("staff_consultations:case", pk=record.pk)
    return _render_case(request, record, resolve=form)
