"""Expressions of interest: a company drafts and sends one; the contractor answers with a status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.files import serve_protected
from core.forms import id_from
from matching import services
from matching.choices import EoiStatus
from matching.forms import AnswerForm, EoiForm
from matching.models import ExpressionOfInterest, Requirement
from matching.models.eoi import _korean_company
from matching.permissions import company_required, member_required

PAGE_SIZE = 25


def _save(request, form, eoi) -> bool:
    try:
        with transaction.atomic():
            services.save_eoi(eoi, products=form.cleaned_data["products"], by=request.user)
            if form.cleaned_data.get("attachment"):
                services.add_attachment(
                    eoi, form.cleaned_data["attachment"], form.attachment_name, request.user
                )
    except services.RequirementClosed:
        form.add_error(None, _("This requirement no longer accepts expressions of interest."))
        return False
    except services.StaleState:
        form.add_error(None, _("This expression of interest was already sent and can no longer be changed."))
        return False
    return True


@company_required
@require_http_methods(["GET", "POST"])
def eoi_create(request, pk):
    requirement = get_object_or_404(Requirement.objects.visible_to(request.user), pk=pk)
    company = _korean_company(request.user)
    existing = ExpressionOfInterest.objects.filter(requirement=requirement, company=company).first()
    if existing is not None:
        return redirect("matching:eoi_detail", pk=existing.pk)
    form = EoiForm(
        request.POST or None,
        request.FILES or None,
        company=company,
        instance=ExpressionOfInterest(requirement=requirement, company=company),
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, form.instance):
        messages.success(request, _("The draft is saved. Send it when it is ready."))
        return redirect("matching:eoi_detail", pk=form.instance.pk)
    if not requirement.is_open:
        messages.error(request, _("This requirement no longer accepts expressions of interest."))
    return render(request, "matching/eoi_form.html", {"form": form, "requirement": requirement})


@company_required
@require_http_methods(["GET", "POST"])
def eoi_edit(request, pk):
    eoi = get_object_or_404(
        ExpressionOfInterest.objects.editable_by(request.user).select_related("requirement"), pk=pk
    )
    form = EoiForm(request.POST or None, request.FILES or None, instance=eoi, company=eoi.company)
    if request.method == "POST" and form.is_valid() and _save(request, form, form.instance):
        messages.success(request, _("Your changes are saved."))
        return redirect("matching:eoi_detail", pk=eoi.pk)
    return render(
        request, "matching/eoi_form.html", {"form": form, "requirement": eoi.requirement, "eoi": eoi}
    )


@company_required
@require_POST
def eoi_submit(request, pk):
    eoi = get_object_or_404(ExpressionOfInterest.objects.editable_by(request.user), pk=pk)
    try:
        services.submit_eoi(eoi.pk, by=request.user)
    except services.RequirementClosed:
        messages.error(request, _("This requirement no longer accepts expressions of interest."))
    except services.StaleState:
        messages.error(request, _("This expression of interest was already sent."))
    else:
        messages.success(request, _("Sent. The contractor is notified; you will see its answer here."))
    return redirect("matching:eoi_detail", pk=eoi.pk)


def visible_eoi(request, pk) -> ExpressionOfInterest:
    return get_object_or_404(
        ExpressionOfInterest.objects.visible_to(request.user).select_related(
            "requirement__owner", "company", "created_by"
        ),
        pk=pk,
    )


@member_required
def eoi_list(request):
    eois = ExpressionOfInterest.objects.visible_to(request.user).select_related(
        "requirement__owner", "company"
    )
    status = request.GET.get("status")
    if status in EoiStatus.values:
        eois = eois.filter(status=status)
    if (requirement := id_from(request.GET.get("requirement"))) is not None:
        eois = eois.filter(requirement_id=requirement)
    page = Paginator(eois, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/eoi_list.html",
        {
            "page": page,
            "statuses": EoiStatus.choices,
            "current": status if status in EoiStatus.values else "",
        },
    )


@member_required
def eoi_detail(request, pk):
    eoi = visible_eoi(request, pk)
    answerable = ExpressionOfInterest.objects.answerable_by(request.user).filter(pk=eoi.pk).exists()
    own = _korean_company(request.user) == eoi.company
    return render(
        request,
        "matching/eoi_detail.html",
        {
            "eoi": eoi,
            "own": own,
            "can_edit": own and eoi.status == EoiStatus.DRAFT,
            "answer_form": AnswerForm(eoi=eoi) if answerable else None,
            "events": eoi.events.select_related("by"),
            "attachments": eoi.attachments.all(),
            "products": eoi.products.all(),
        },
    )


@member_required
@require_POST
def eoi_answer(request, pk):
    eoi = get_object_or_404(ExpressionOfInterest.objects.answerable_by(request.user), pk=pk)
    form = AnswerForm(request.POST, eoi=eoi)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("matching:eoi_detail", pk=eoi.pk)
    try:
        services.answer_eoi(
            eoi.pk,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            seen_version=form.cleaned_data["version"],
            by=request.user,
        )
    except services.StaleState:
        messages.error(request, _("The expression of interest changed since you opened it; read it again."))
    else:
        messages.success(request, _("The status is saved and the company is notified."))
    return redirect("matching:eoi_detail", pk=eoi.pk)


@login_required
def eoi_attachment(request, pk, attachment_pk):
    eoi = visible_eoi(request, pk)
    record = get_object_or_404(eoi.attachments, pk=attachment_pk)
    return serve_protected(request, record.file, download_name=record.original_name)
