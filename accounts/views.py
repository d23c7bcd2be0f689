"""Organisation pages: pending state, own organisation and members, KDIA review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.choices import OrganizationStatus
from accounts.filters import OrganizationFilter
from accounts.forms import InviteMemberForm, MemberRoleForm, OrganizationForm, ReviewForm
from accounts.models import Membership, Organization
from core.permissions import kdia_required, member_required, org_admin_required

PAGE_SIZE = 25


@login_required
def pending(request):
    """What a member of a not-yet-approved organisation sees instead of the site."""
    organization = request.user.organization
    if organization is not None and organization.is_approved:
        return redirect("portal:home")
    return render(request, "accounts/pending.html", {"organization": organization})


@member_required
def organization_detail(request):
    organization = request.user.organization
    memberships = Membership.objects.visible_to(request.user).filter(organization=organization)
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "memberships": memberships.select_related("user").order_by("user__full_name"),
            "role_form": MemberRoleForm(),
        },
    )


@org_admin_required
@require_http_methods(["GET", "POST"])
def organization_edit(request):
    """Admins correct their organisation's details; a rejected one is sent back for review."""
    organization = get_object_or_404(
        Organization.objects.editable_by(request.user), pk=request.user.organization.pk
    )
    form = OrganizationForm(
        request.POST or None, instance=organization, initial={"version": organization.updated_at}
    )
    if request.method == "POST" and form.is_valid():
        organization = form.save(commit=False)
        resubmitted = organization.status == OrganizationStatus.REJECTED
        if resubmitted:
            organization.status = OrganizationStatus.PENDING
        organization.save()
        if resubmitted:
            messages.success(
                request, _("Your changes are saved and your organisation is back in KDIA's review.")
            )
        else:
            messages.success(request, _("Your organisation's details are saved."))
        return redirect("accounts:organization" if organization.is_approved else "accounts:pending")
    return render(request, "accounts/organization_form.html", {"form": form, "organization": organization})


@org_admin_required
@require_http_methods(["GET", "POST"])
def member_invite(request):
    organization = request.user.organization
    form = InviteMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invite_member(organization, inviter=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(email)s is invited; they will receive a link to set a password.") % form.cleaned_data,
        )
        return redirect("accounts:organization")
    return render(request, "accounts/member_invite.html", {"form": form, "organization": organization})


def _own_membership(request, pk):
    """A membership in the admin's own organisation, or 404 for anything else."""
    return get_object_or_404(
        Membership.objects.visible_to(request.user).filter(organization=request.user.organization), pk=pk
    )


@org_admin_required
@require_POST
def member_role(request, pk):
    membership = _own_membership(request, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            services.change_role(membership, form.cleaned_data["role"], by=request.user)
            messages.success(request, _("The role of %(name)s is changed.") % {"name": membership.user})
        except services.LastAdminError:
            messages.error(request, _("Your organisation needs at least one administrator."))
    return redirect("accounts:organization")


@org_admin_required
@require_POST
def member_remove(request, pk):
    membership = _own_membership(request, pk)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot remove yourself; ask another administrator."))
        return redirect("accounts:organization")
    try:
        services.remove_member(membership, by=request.user)
        messages.success(
            request, _("%(name)s is removed from your organisation.") % {"name": membership.user}
        )
    except services.LastAdminError:
        messages.error(request, _("Your organisation needs at least one administrator."))
    return redirect("accounts:organization")


@kdia_required
def review_list(request):
    """KDIA's queue of organisations, pending ones first by default."""
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = OrganizationStatus.PENDING
    queryset = Organization.objects.visible_to(request.user).order_by("-created_at")
    filterset = OrganizationFilter(data, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/review_list.html",
        {
            "filter": filterset,
            "page": page,
            "pending_count": Organization.objects.visible_to(request.user).pending().count(),
        },
    )


@kdia_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk):
    organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    decisions = services.TRANSITIONS.get(organization.status, {})
    form = ReviewForm(request.POST or None)
    form.fields["decision"].choices = [(key, services.DECISION_LABELS[key]) for key in decisions]
    if request.method == "POST" and request.POST.get("seen_status") != organization.status:
        messages.error(
            request,
            _(
                "This organisation's status changed while you were reviewing it. Check it again before deciding."
            ),
        )
        return redirect("staff_accounts:review_detail", pk=organization.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                organization.pk,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                seen_status=request.POST.get("seen_status", ""),
                reviewer=request.user,
            )
        except services.StaleDecision:
            messages.error(
                request,
                _(
                    "This organisation's status changed while you were reviewing it. Check it again before deciding."
                ),
            )
            return redirect("staff_accounts:review_detail", pk=organization.pk)
        messages.success(
            request,
            _("Your decision on %(name)s is saved and its members are told.") % {"name": organization.name},
        )
        return redirect("staff_accounts:review_list")
    memberships = organization.memberships.select_related("user").prefetch_related("user__emailaddress_set")
    return render(
        request,
        "accounts/review_detail.html",
        {
            "organization": organization,
            "memberships": memberships,
            "form": form,
            "history": organization.history.select_related("history_user")[:20],
        },
    )
