"""DAPA and KDIA staff run programmes, record MOAs, decide claims and post banked credit.

Mounted under /staff/offsets/, behind the second-factor gate.
"""

import contextlib

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from offsets import credits, engine, services
from offsets.choices import LedgerKind
from offsets.forms import (
    AgreementForm,
    ClaimDecisionForm,
    DocumentForm,
    LedgerPostingForm,
    ObligationItemForm,
    ProgrammeForm,
    StateChangeForm,
    add_rule_error,
)
from offsets.models import Agreement, Claim, ObligationItem, Programme
from offsets.permissions import dapa_required, programme_staff_required
from offsets.rules import RuleError


def _form_page(request, form, *, title, cancel_url, subtitle="", intro="", multipart=False):
    return render(
        request,
        "offsets/staff/form.html",
        {
            "form": form,
            "title": title,
            "subtitle": subtitle,
            "intro": intro,
            "cancel_url": cancel_url,
            "multipart": multipart,
        },
    )


def _editable_programme(request, pk) -> Programme:
    return get_object_or_404(Programme.objects.editable_by(request.user), pk=pk)


@programme_staff_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            programme = form.save()
            services.record_creation(programme, request.user)
        messages.success(request, _("The programme is created."))
        return redirect("offsets:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("New offset programme"),
        cancel_url=reverse("offsets:programme_list"),
        intro=_("Write names in Korean, English or both. The policy in force on the reference date applies."),
    )


@programme_staff_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = _editable_programme(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The programme is saved."))
        return redirect("offsets:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("Edit the programme"),
        subtitle=programme.dapa_reference,
        cancel_url=reverse("offsets:programme_detail", args=[programme.pk]),
    )


@programme_staff_required
@require_POST
def programme_state(request, pk):
    programme = _editable_programme(request, pk)
    form = StateChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new state."))
    elif (
        services.is_step_back(programme, form.cleaned_data["to_state"])
        and not form.cleaned_data["note"].strip()
    ):
        messages.error(request, _("Say why the programme moves back to an earlier state."))
    else:
        try:
            services.change_state(
                programme.pk,
                to_state=form.cleaned_data["to_state"],
                seen_state=form.cleaned_data["from_state"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
            messages.success(request, _("The programme's state is changed."))
        except services.StaleState:
            messages.error(
                request, _("Someone else changed the programme's state meanwhile; check it and try again.")
            )
        except services.TransitionRefused:
            messages.error(request, _("A programme moves one step forward or back at a time."))
    return redirect("offsets:programme_detail", pk=programme.pk)


@programme_staff_required
@require_http_methods(["GET", "POST"])
def document_upload(request, pk):
    programme = _editable_programme(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.programme = programme
        document.original_name = form.original_name
        document.uploaded_by = request.user
        document.save()
        messages.success(request, _("The document is added."))
        return redirect("offsets:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("Add a document"),
        subtitle=programme.dapa_reference,
        intro=_(
            "A PDF or an image, checked by its content. Restricted documents are shown to DAPA, KDIA and the programme's contractors only."
        ),
        cancel_url=reverse("offsets:programme_detail", args=[programme.pk]),
        multipart=True,
    )


def _agreement_response(request, form, programme, agreement=None):
    return _form_page(
        request,
        form,
        title=_("Edit the MOA") if agreement else _("Record an MOA"),
        subtitle=f"{programme.dapa_reference} · {programme.name}",
        intro=_(
            "The obligation is proposed from the programme's minimum; the policy in force on its reference date applies."
        ),
        cancel_url=reverse("offsets:agreement_detail", args=[agreement.pk])
        if agreement
        else reverse("offsets:programme_detail", args=[programme.pk]),
    )


@programme_staff_required
@require_http_methods(["GET", "POST"])
def agreement_create(request, pk):
    programme = _editable_programme(request, pk)
    initial = {}
    assessment = None
    with contextlib.suppress(RuleError):  # no proposal then; the form still works
        assessment = engine.assess_programme(programme)
    if assessment and assessment.obligation_usd:
        initial["obligation_usd"] = assessment.obligation_usd.amount
    form = AgreementForm(request.POST or None, initial=initial, programme=programme)
    if request.method == "POST" and form.is_valid():
        agreement = form.save(commit=False)
        agreement.programme = programme
        try:
            agreement.policy = engine.policy_on(programme.reference_date).row
        except RuleError as error:
            add_rule_error(form, error)
            return _agreement_response(request, form, programme)
        agreement.save()
        messages.success(request, _("The MOA is recorded. Add its items next."))
        return redirect("offsets:agreement_detail", pk=agreement.pk)
    return _agreement_response(request, form, programme)


@programme_staff_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related("programme"), pk=pk
    )
    form = AgreementForm(request.POST or None, instance=agreement, programme=agreement.programme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The MOA is saved."))
        return redirect("offsets:agreement_detail", pk=agreement.pk)
    return _agreement_response(request, form, agreement.programme, agreement)


def _item_page(request, form, agreement):
    return _form_page(
        request,
        form,
        title=_("Obligation item"),
        subtitle=str(agreement),
        intro=_(
            "The value is converted to USD at the rate of the MOA date. Leave the multiplier blank to apply the policy's."
        ),
        cancel_url=reverse("offsets:agreement_detail", args=[agreement.pk]),
    )


def _save_item_form(request, form, agreement):
    if request.method != "POST" or not form.is_valid():
        return False
    item = form.save(commit=False)
    item.agreement = agreement
    item.kip = form.cleaned_data.get("kip_brn")
    try:
        services.save_item(item)
    except RuleError as error:
        add_rule_error(form, error, default_field="amount")
        return False
    return True


@programme_staff_required
@require_http_methods(["GET", "POST"])
def item_create(request, pk):
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    form = ObligationItemForm(request.POST or None, initial={"due_date": agreement.period_end})
    if _save_item_form(request, form, agreement):
        messages.success(request, _("The item is added."))
        return redirect("offsets:agreement_detail", pk=agreement.pk)
    return _item_page(request, form, agreement)


@programme_staff_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = get_object_or_404(
        ObligationItem.objects.visible_to(request.user).select_related("agreement"), pk=pk
    )
    form = ObligationItemForm(request.POST or None, instance=item)
    if _save_item_form(request, form, item.agreement):
        messages.success(request, _("The item is saved."))
        return redirect("offsets:agreement_detail", pk=item.agreement_id)
    return _item_page(request, form, item.agreement)


@dapa_required
@require_http_methods(["GET", "POST"])
def claim_decide(request, pk):
    claim = get_object_or_404(Claim.objects.visible_to(request.user).select_related("item__agreement"), pk=pk)
    if not claim.is_open:
        messages.info(request, _("This claim is already decided."))
        return redirect("offsets:claim_detail", pk=claim.pk)
    form = ClaimDecisionForm(request.POST or None, claim=claim)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_claim(
                claim.pk,
                decision=form.cleaned_data["decision"],
                approved_usd=form.cleaned_data.get("approved_usd"),
                reason=form.cleaned_data["reason"],
                seen_version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.StaleState:
            messages.error(
                request, _("The claim changed since you opened it; read it again before deciding.")
            )
            return redirect("offsets:claim_detail", pk=claim.pk)
        messages.success(request, _("The decision is recorded and the contractor is told."))
        return redirect("offsets:claim_detail", pk=claim.pk)
    return _form_page(
        request,
        form,
        title=_("Decide the claim"),
        subtitle=f"#{claim.pk} · {claim.item}",
        cancel_url=reverse("offsets:claim_detail", args=[claim.pk]),
    )


@dapa_required
@require_http_methods(["GET", "POST"])
def ledger_post(request):
    initial = {"entry_date": services.today_in_seoul(), "contractor": request.GET.get("contractor")}
    form = LedgerPostingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        posting = credits.Posting(
            kind=data["kind"],
            entry_date=data["entry_date"],
            amount=data["amount"],
            currency=data["currency"],
            description=data["description"],
            lot=data.get("lot") if data["kind"] == LedgerKind.CORRECTION else None,
            agreement=data.get("agreement") if data["kind"] == LedgerKind.WITHDRAWAL else None,
            kip=data.get("kip_brn"),
        )
        try:
            entries = credits.post(data["contractor"], posting, by=request.user)
        except RuleError as error:
            if error.field == "size_class":
                error.field = "kip_brn"
            add_rule_error(form, error, default_field="amount")
        else:
            messages.success(request, _("The entry is posted."))
            return redirect("offsets:credit_account", pk=entries[0].account_id)
    return _form_page(
        request,
        form,
        title=_("Post to a credit account"),
        intro=_(
            "Deposits are cooperation DAPA approved outside any main contract; withdrawals apply credit to an obligation, oldest deposits first. Entries are final: correct a mistake with a correction entry."
        ),
        cancel_url=reverse("offsets:credit_accounts"),
    )
