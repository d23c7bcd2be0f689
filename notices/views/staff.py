"""KDIA's desk for notices (/staff/notices/) and information pages (/staff/pages/), behind the
second factor. Every save re-checks the version the editor saw (``services``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import version_of
from core.permissions import kdia_required
from notices import services
from notices.forms import FaqEntryForm, InfoPageForm, NoticeForm, NoticeStepForm
from notices.models import FaqEntry, InfoPage, Notice

STEP_MESSAGES = {
    "publish": gettext_lazy("The notice is published."),
    "unpublish": gettext_lazy("The notice is back to draft; the public no longer sees it."),
    "pin": gettext_lazy("The notice is pinned to the top of the board."),
    "unpin": gettext_lazy("The notice is no longer pinned."),
}


@kdia_required
def notice_list(request):
    notices = Notice.objects.editable_by(request.user).select_related("category", "author").board_order()
    return render(request, "notices/staff/notice_list.html", {"notices": notices})


def _bound(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _notice(request, pk) -> Notice:
    return get_object_or_404(Notice.objects.editable_by(request.user), pk=pk)


def _save(request, form):
    try:
        saved = services.save_notice(
            form,
            by=request.user,
            attachment=form.cleaned_data.get("attachment"),
            attachment_name=getattr(form, "attachment_name", ""),
        )
    except services.Refused as refusal:
        form.add_error(None, refusal.message)
        return None
    messages.success(request, _("The notice is saved."))
    return redirect("staff_notices:notice_edit", pk=saved.pk)


@kdia_required
@require_http_methods(["GET", "POST"])
def notice_create(request):
    form = NoticeForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        response = _save(request, form)
        if response is not None:
            return response
    return render(
        request, "notices/staff/notice_form.html", {"form": form}, status=400 if form.errors else 200
    )


@kdia_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk):
    notice = _notice(request, pk)
    form = NoticeForm(*_bound(request), instance=notice)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form)
        if response is not None:
            return response
    return render(
        request,
        "notices/staff/notice_form.html",
        {
            "form": form,
            "notice": notice,
            "version": version_of(notice),
            "attachments": notice.attachments.all(),
        },
        status=400 if form.errors else 200,
    )


@kdia_required
@require_POST
def notice_step(request, pk):
    notice = _notice(request, pk)
    form = NoticeStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("step", [_("Unknown step.")])))
        return redirect("staff_notices:notice_edit", pk=notice.pk)
    step = form.cleaned_data["step"]
    try:
        services.change_step(notice.pk, step, version=form.cleaned_data.get("version"), by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, STEP_MESSAGES[step])
    target = request.POST.get("next")
    if target == "list":
        return redirect("staff_notices:notice_list")
    return redirect("staff_notices:notice_edit", pk=notice.pk)


@kdia_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    notice = _notice(request, pk)
    get_object_or_404(notice.attachments, pk=attachment_pk)
    services.remove_attachment(notice, attachment_pk)
    messages.success(request, _("The attachment is removed."))
    return redirect("staff_notices:notice_edit", pk=notice.pk)


@kdia_required
def page_list(request):
    return render(
        request,
        "notices/staff/page_list.html",
        {
            "pages": InfoPage.objects.editable_by(request.user),
            "faq": FaqEntry.objects.editable_by(request.user),
        },
    )


@kdia_required
@require_http_methods(["GET", "POST"])
def page_edit(request, slug):
    page = get_object_or_404(InfoPage.objects.editable_by(request.user), slug=slug)
    form = InfoPageForm(request.POST if request.method == "POST" else None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_page(form, by=request.user)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The page is saved."))
            return redirect("notices:page_detail", slug=page.slug)
    return render(
        request,
        "notices/staff/page_form.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


@kdia_required
@require_http_methods(["GET", "POST"])
def faq_create(request):
    return _faq_form(request, FaqEntry())


@kdia_required
@require_http_methods(["GET", "POST"])
def faq_edit(request, pk):
    return _faq_form(request, get_object_or_404(FaqEntry.objects.editable_by(request.user), pk=pk))


def _faq_form(request, entry: FaqEntry):
    form = FaqEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_faq(form)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("staff_pages:page_list")
    return render(
        request,
        "notices/staff/faq_form.html",
        {"form": form, "entry": entry if entry.pk else None},
        status=400 if form.errors else 200,
    )


@kdia_required
@require_POST
def faq_delete(request, pk):
    entry = get_object_or_404(FaqEntry.objects.editable_by(request.user), pk=pk)
    try:
        services.delete_faq(entry.pk, version=request.POST.get("version"))
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect("staff_pages:page_list")
