"""The requester's side of the desk: its organisation's cases, opening one, the thread, writing,
reopening and withdrawing. DAPA reads the cases shared with it here, read-only.

Each case is found through ``Case.objects.visible_to``: another organisation's case is a 404, so
ids reveal nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import services
from consultations.filters import CaseFilter
from consultations.forms import CaseForm, MessageForm, ReopenForm, WithdrawForm
from consultations.models import Attachment, Case, Entry, is_desk_staff, requester_organization
from consultations.permissions import reader_required, requester_required
from core.files import serve_protected

PAGE_SIZE = 25


def add_refusal(form, refusal: services.Refused) -> None:
    # A refusal about a hidden field (the version a stale form carried) is shown above the form.
    field = refusal.field if refusal.field in form.fields else None
    if field is not None and form.fields[field].widget.is_hidden:
        field = None
    form.add_error(field, refusal.message)


@reader_required
def case_list(request):
    cases = Case.objects.visible_to(request.user).select_related("organization", "programme")
    filterset = CaseFilter(request.GET or None, queryset=cases, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else cases
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/case_list.html",
        {
            "page": page,
            "filter": filterset,
            "can_open": requester_organization(request.user) is not None,
            "is_desk": is_desk_staff(request.user),
        },
    )


@requester_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    form = CaseForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                by=request.user,
                topic=data["topic"],
                subject=data["subject"],
                body_ko=data["body_ko"],
                body_en=data["body_en"],
                confidentiality=data["confidentiality"],
                programme=data["programme"],
                attachments=form.attachments(),
            )
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Your case is sent to KDIA. You will be told of every answer."))
            return redirect("consultations:case_detail", pk=case.pk)
    return render(request, "consultations/case_form.html", {"form": form})


def _visible_case(request, pk) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "organization", "programme", "assignee", "event", "opened_by"
        ),
        pk=pk,
    )


def thread(case: Case, user) -> list[Entry]:
    """The entries ``user`` may read, oldest first, with their authors and files."""
    return list(
        Entry.objects.visible_to(user)
        .filter(case=case)
        .select_related("author", "author_organization", "event")
        .prefetch_related("attachments")
    )


def _is_requester(request, case: Case) -> bool:
    organization = requester_organization(request.user)
    return organization is not None and organization.pk == case.organization_id


@reader_required
@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    """The case and its thread; members of the requesting organisation write here."""
    case = _visible_case(request, pk)
    is_requester = _is_requester(request, case)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not is_requester:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.post_message(
                    case.pk, by=request.user, body=form.cleaned_data["body"], attachments=form.attachments()
                )
            except services.Refused as refusal:
                if refusal.field in form.fields:
                    add_refusal(form, refusal)
                else:
                    # A finished case shows no message form: say why on the page instead.
                    messages.error(request, refusal.message)
                    return redirect("consultations:case_detail", pk=case.pk)
            else:
                messages.success(request, _("Your message is sent to KDIA."))
                return redirect(f"{services.case_path(case)}#latest")
    return render(
        request,
        "consultations/case_detail.html",
        {
            "case": case,
            "entries": thread(case, request.user),
            "form": form,
            "is_requester": is_requester,
            "is_desk": is_desk_staff(request.user),
            "reopen_form": ReopenForm(),
            "withdraw_form": WithdrawForm(),
        },
    )


def _requester_step(request, pk, form_class, step, success: str):
    case = _visible_case(request, pk)
    if not _is_requester(request, case):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(case.pk, by=request.user, reason=form.cleaned_data["reason"])
        except services.Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, success)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("consultations:case_detail", pk=case.pk)


@reader_required
@require_POST
def case_reopen(request, pk):
    return _requester_step(request, pk, ReopenForm, services.reopen, _("The case is reopened; KDIA is told."))


@reader_required
@require_POST
def case_withdraw(request, pk):
    return _requester_step(request, pk, WithdrawForm, services.withdraw, _("The case is closed."))


@reader_required
def attachment(request, pk, attachment_pk):
    record = get_object_or_404(
        Attachment.objects.filter(entry__in=Entry.objects.visible_to(request.user)),
        pk=attachment_pk,
        entry__case_id=pk,
    )
    # Images are shown in the browser; PDFs are downloaded (Chrome shows no PDF under the sandbox policy).
    return serve_protected(request, record.file, download_name=record.original_name, inline=record.is_image)
