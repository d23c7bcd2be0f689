"""Proposals: companies draft, revise and submit them; KDIA reviews and merges them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.files import serve_protected
from wishlists import services
from wishlists.choices import REVIEWABLE_STATUSES, ProposalStatus
from wishlists.forms import MergeForm, ProposalForm, ReviewForm
from wishlists.models import Proposal, ProposalAttachment, Round, approved_korean_company, is_wishlist_staff
from wishlists.permissions import company_member_required, kdia_staff_required

PAGE_SIZE = 25


def deadline_text(round_) -> str:
    return date_format(localtime(round_.deadline), "Y-m-d H:i")


def closed_message(round_) -> str:
    return _("The round closed at %(deadline)s (Korea time); no more proposals or changes are accepted.") % {
        "deadline": deadline_text(round_)
    }


def _save(request, form, proposal) -> bool:
    try:
        with transaction.atomic():
            services.save_draft(proposal, products=form.cleaned_data["products"], by=request.user)
            if form.cleaned_data.get("attachment"):
                services.add_attachment(
                    proposal, form.cleaned_data["attachment"], form.attachment_name, request.user
                )
    except services.RoundClosed as closed:
        form.add_error(None, closed_message(closed.round))
        return False
    except services.NotEligible:
        form.add_error(None, _("Your company's profile does not match this round's eligibility."))
        return False
    except services.StaleState:
        form.add_error(
            None, _("This proposal was submitted or reviewed meanwhile and can no longer be changed.")
        )
        return False
    return True


def _form_page(request, form, round_, proposal=None):
    return render(
        request, "wishlists/proposal_form.html", {"form": form, "round": round_, "proposal": proposal}
    )


@company_member_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, pk):
    round_ = get_object_or_404(Round.objects.visible_to(request.user).select_related("programme"), pk=pk)
    company = approved_korean_company(request.user)
    proposal = Proposal(round=round_, company=company)
    form = ProposalForm(
        request.POST or None, request.FILES or None, instance=proposal, company=company, round_=round_
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, form.instance):
        messages.success(request, _("The draft is saved. Submit it before the deadline."))
        return redirect("wishlists:proposal_detail", pk=form.instance.pk)
    if request.method == "GET" and not round_.is_open:
        messages.error(request, closed_message(round_))
    return _form_page(request, form, round_)


@company_member_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.editable_by(request.user).select_related("round__programme", "company"), pk=pk
    )
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        company=proposal.company,
        round_=proposal.round,
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, form.instance):
        messages.success(request, _("Your changes are saved."))
        return redirect("wishlists:proposal_detail", pk=proposal.pk)
    return _form_page(request, form, proposal.round, proposal)


@company_member_required
@require_POST
def proposal_submit(request, pk):
    proposal = get_object_or_404(Proposal.objects.editable_by(request.user).select_related("round"), pk=pk)
    try:
        services.submit(proposal.pk, by=request.user)
    except services.RoundClosed as closed:
        messages.error(request, closed_message(closed.round))
    except services.StaleState:
        messages.error(request, _("This proposal was already submitted."))
    else:
        messages.success(request, _("The proposal is submitted. KDIA will review it; you will be notified."))
    return redirect("wishlists:proposal_detail", pk=proposal.pk)


def visible_proposal(request, pk) -> Proposal:
    return get_object_or_404(
        Proposal.objects.visible_to(request.user).select_related(
            "round__programme", "company", "offset_field", "contractor", "merged_into"
        ),
        pk=pk,
    )


@login_required
def proposal_list(request):
    """Every proposal the caller may see, newest first, with a status filter."""
    proposals = Proposal.objects.visible_to(request.user).select_related("round__programme", "company")
    status = request.GET.get("status")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "wishlists/proposal_list.html",
        {
            "page": page,
            "statuses": ProposalStatus.choices,
            "current": status if status in ProposalStatus.values else "",
        },
    )


@login_required
def proposal_detail(request, pk):
    proposal = visible_proposal(request, pk)
    staff = is_wishlist_staff(request.user)
    reviewable = staff and proposal.status in REVIEWABLE_STATUSES
    own = approved_korean_company(request.user) == proposal.company
    return render(
        request,
        "wishlists/proposal_detail.html",
        {
            "proposal": proposal,
            "events": proposal.events.select_related("by") if (own or staff or request.user.is_dapa) else [],
            "attachments": proposal.attachments.all(),
            "products": proposal.products.all(),
            "own": own,
            "can_edit": own and proposal.is_editable,
            "review_form": ReviewForm(proposal=proposal) if reviewable else None,
            "merge_form": MergeForm(proposal=proposal) if reviewable else None,
            "packages": proposal.packages.exclude(status="draft") if own else [],
        },
    )


@login_required
def attachment(request, pk, attachment_pk):
    record = get_object_or_404(
        ProposalAttachment.objects.filter(proposal__in=Proposal.objects.visible_to(request.user)),
        pk=attachment_pk,
        proposal_id=pk,
    )
    return serve_protected(request, record.file, download_name=record.original_name)


@kdia_staff_required
@require_http_methods(["GET", "POST"])
def proposal_review(request, pk):
    proposal = visible_proposal(request, pk)
    if proposal.status not in REVIEWABLE_STATUSES:
        messages.info(request, _("This proposal is not waiting for a review."))
        return redirect("wishlists:proposal_detail", pk=proposal.pk)
    form = ReviewForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.review(
                proposal.pk,
                decision=form.cleaned_data["decision"],
                reason_code=form.cleaned_data["reason_code"],
                comment=form.cleaned_data["comment"],
                seen_version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.StaleState:
            messages.error(
                request, _("The proposal changed since you opened it; read it again before deciding.")
            )
        else:
            messages.success(request, _("The decision is recorded and the company is notified."))
        return redirect("wishlists:proposal_detail", pk=proposal.pk)
    return render(request, "wishlists/proposal_review.html", {"form": form, "proposal": proposal})


@kdia_staff_required
@require_POST
def proposal_merge(request, pk):
    proposal = visible_proposal(request, pk)
    form = MergeForm(request.POST, proposal=proposal)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("wishlists:proposal_detail", pk=proposal.pk)
    try:
        services.merge(
            proposal.pk,
            into=form.cleaned_data["into"],
            comment=form.cleaned_data["comment"],
            seen_version=form.cleaned_data["version"],
            by=request.user,
        )
    except services.StaleState:
        messages.error(request, _("The proposal changed since you opened it; read it again before merging."))
    else:
        messages.success(request, _("The proposal is merged and the company is notified."))
    return redirect("wishlists:proposal_detail", pk=proposal.pk)
