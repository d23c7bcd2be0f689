"""MOA obligations and fulfilment claims: the contractor's, DAPA's and KDIA's view."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.files import serve_protected
from offsets import engine, services
from offsets.choices import ClaimStatus
from offsets.forms import ClaimDecisionForm, ClaimForm, add_rule_error
from offsets.messages import violation_message
from offsets.models import Agreement, Claim, ClaimEvidence, ObligationItem, is_programme_staff
from offsets.permissions import contractor_required, obligation_viewers_required
from offsets.rules import RuleError, simulate_penalty

PAGE_SIZE = 25


@obligation_viewers_required
def agreement_list(request):
    agreements = Agreement.objects.visible_to(request.user).select_related(
        "programme", "contractor", "policy"
    )
    rows = [(agreement, engine.fulfilment(agreement)) for agreement in agreements]
    return render(request, "offsets/agreement_list.html", {"rows": rows})


@obligation_viewers_required
def agreement_detail(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related("programme", "contractor", "policy"), pk=pk
    )
    progress = engine.fulfilment(agreement)
    items = list(agreement.items.select_related("offset_field", "kip"))
    by_key = {row.item: row for row in progress.items}
    penalty = simulate_penalty(engine.to_rules(agreement.policy), progress.remaining, agreement.period_end)
    violations = [violation_message(v) for v in engine.package_violations(agreement) if items]
    return render(
        request,
        "offsets/agreement_detail.html",
        {
            "agreement": agreement,
            "progress": progress,
            "item_rows": [(item, by_key[str(item.pk)]) for item in items],
            "claims": Claim.objects.filter(item__agreement=agreement).select_related("item__offset_field"),
            "withdrawals": agreement.withdrawals.all(),
            "penalty": penalty,
            "violations": violations,
            "is_contractor": request.user.is_foreign_contractor,
            "can_edit": is_programme_staff(request.user),
        },
    )


def _claim_form_response(request, form, item, claim=None):
    return render(request, "offsets/claim_form.html", {"form": form, "item": item, "claim": claim})


def _save_claim(request, form, claim):
    try:
        services.file_claim(
            claim,
            by=request.user,
            evidence=form.cleaned_data.get("evidence"),
            evidence_name=getattr(form, "evidence_name", ""),
        )
    except RuleError as error:
        if error.field == "date":
            error.field = "performed_on"
        add_rule_error(form, error, default_field="amount")
        return False
    except services.StaleState:
        form.add_error(None, _("DAPA decided this claim meanwhile; it can no longer be changed."))
        return False
    return True


@contractor_required
@require_http_methods(["GET", "POST"])
def claim_create(request, item_pk):
    item = get_object_or_404(
        ObligationItem.objects.visible_to(request.user).select_related(
            "agreement__programme", "offset_field"
        ),
        pk=item_pk,
    )
    claim = Claim(item=item)
    form = ClaimForm(request.POST or None, request.FILES or None, instance=claim)
    if request.method == "POST" and form.is_valid() and _save_claim(request, form, form.instance):
        messages.success(
            request, _("The claim is filed. DAPA will decide it; you will see the decision here.")
        )
        return redirect("offsets:claim_detail", pk=form.instance.pk)
    return _claim_form_response(request, form, item)


@contractor_required
@require_http_methods(["GET", "POST"])
def claim_edit(request, pk):
    claim = get_object_or_404(
        Claim.objects.editable_by(request.user).select_related("item__offset_field"), pk=pk
    )
    form = ClaimForm(request.POST or None, request.FILES or None, instance=claim)
    if request.method == "POST" and form.is_valid() and _save_claim(request, form, form.instance):
        messages.success(request, _("The claim is submitted again."))
        return redirect("offsets:claim_detail", pk=claim.pk)
    return _claim_form_response(request, form, claim.item, claim)


@obligation_viewers_required
def claim_list(request):
    claims = Claim.objects.visible_to(request.user).select_related(
        "item__agreement__programme", "item__agreement__contractor", "item__offset_field"
    )
    status = request.GET.get("status")
    if status in ClaimStatus.values:
        claims = claims.filter(status=status)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offsets/claim_list.html",
        {
            "page": page,
            "statuses": ClaimStatus.choices,
            "current": status if status in ClaimStatus.values else "",
        },
    )


@obligation_viewers_required
def claim_detail(request, pk):
    claim = get_object_or_404(
        Claim.objects.visible_to(request.user).select_related(
            "item__agreement__programme", "item__agreement__contractor", "item__offset_field", "item__kip"
        ),
        pk=pk,
    )
    can_decide = claim.is_open and (request.user.is_dapa or request.user.is_superuser)
    return render(
        request,
        "offsets/claim_detail.html",
        {
            "claim": claim,
            "events": claim.events.select_related("by"),
            "evidence": claim.evidence.all(),
            "can_edit": claim.is_open
            and Claim.objects.editable_by(request.user).filter(pk=claim.pk).exists(),
            "decision_form": ClaimDecisionForm(claim=claim) if can_decide else None,
            "multiplier": engine.item_multiplier(claim.item),
        },
    )


@obligation_viewers_required
def evidence(request, pk, evidence_pk):
    record = get_object_or_404(
        ClaimEvidence.objects.filter(claim__in=Claim.objects.visible_to(request.user)),
        pk=evidence_pk,
        claim_id=pk,
    )
    return serve_protected(request, record.file, download_name=record.original_name)
