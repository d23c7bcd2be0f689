"""Wish-list rounds: the entry page for each role, a round's page, and KDIA opening rounds."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wishlists import services
from wishlists.choices import ProposalStatus
from wishlists.forms import RoundForm
from wishlists.models import Package, Proposal, Round, approved_korean_company, is_wishlist_staff
from wishlists.permissions import kdia_staff_required, round_viewers_required


@round_viewers_required
def index(request):
    """Open and closed rounds; a company also sees its proposals, KDIA its review counts."""
    now = timezone.now()
    rounds = Round.objects.visible_to(request.user).select_related("programme")
    company = approved_korean_company(request.user)
    if is_wishlist_staff(request.user) or request.user.is_dapa:
        rounds = rounds.annotate(
            waiting=Count("proposals", filter=Q(proposals__status=ProposalStatus.SUBMITTED)),
            accepted=Count("proposals", filter=Q(proposals__status=ProposalStatus.ACCEPTED)),
        )
    context = {
        "open_rounds": [r for r in rounds if r.deadline > now],
        "closed_rounds": [r for r in rounds if r.deadline <= now],
        "company": company,
        "eligible": {r.pk for r in rounds if company and r.deadline > now and r.admits(company)},
        "my_proposals": Proposal.objects.visible_to(request.user)
        .filter(company=company)
        .select_related("round__programme")
        .order_by("-updated_at")
        if company
        else [],
        "is_staff": is_wishlist_staff(request.user),
    }
    return render(request, "wishlists/index.html", context)


@round_viewers_required
def round_detail(request, pk):
    round_ = get_object_or_404(Round.objects.visible_to(request.user).select_related("programme"), pk=pk)
    company = approved_korean_company(request.user)
    proposals = (
        Proposal.objects.visible_to(request.user)
        .filter(round=round_)
        .select_related("company", "offset_field")
    )
    status = request.GET.get("status")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    return render(
        request,
        "wishlists/round_detail.html",
        {
            "round": round_,
            "proposals": proposals,
            "company": company,
            "can_propose": company is not None and round_.is_open and round_.admits(company),
            "is_staff": is_wishlist_staff(request.user),
            "packages": Package.objects.visible_to(request.user).filter(round=round_),
            "statuses": ProposalStatus.choices,
            "current": status if status in ProposalStatus.values else "",
        },
    )


def _round_form_page(request, form, round_=None):
    return render(request, "wishlists/round_form.html", {"form": form, "round": round_})


@kdia_staff_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    form = RoundForm(request.POST or None, initial={"programme": request.GET.get("programme")})
    if request.method == "POST" and form.is_valid():
        round_ = form.save(commit=False)
        notified = services.open_round(
            round_, eligible_fields=form.cleaned_data["eligible_fields"], by=request.user
        )
        messages.success(
            request,
            _("The round is open. %(count)s people of eligible companies were notified.")
            % {"count": notified},
        )
        return redirect("wishlists:round_detail", pk=round_.pk)
    return _round_form_page(request, form)


@kdia_staff_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    form = RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        form.save()
        round_.eligible_fields.set(form.cleaned_data["eligible_fields"])
        messages.success(request, _("The round is saved."))
        return redirect("wishlists:round_detail", pk=round_.pk)
    return _round_form_page(request, form, round_)
