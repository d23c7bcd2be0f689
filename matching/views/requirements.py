"""Requirements: the list, a requirement's page (with the company's fit and gap list), posting,
and the ranked, explained list of companies for the contractor, KDIA and DAPA."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from matching import services
from matching.choices import EoiStatus, RequirementStatus
from matching.filters import RequirementFilter
from matching.forms import RequirementForm
from matching.models import ExpressionOfInterest, Requirement, is_requirement_staff
from matching.models.eoi import _korean_company
from matching.permissions import member_required, poster_required

PAGE_SIZE = 20
MATCHES_PAGE_SIZE = 20


@member_required
def requirement_list(request):
    company = _korean_company(request.user)
    filterset = RequirementFilter(request.GET, queryset=Requirement.objects.visible_to(request.user))
    requirements = (filterset.qs if filterset.is_valid() else Requirement.objects.none()).select_related(
        "owner", "programme"
    )
    page = Paginator(requirements, PAGE_SIZE).get_page(request.GET.get("page"))
    fits = []
    if company is not None and not request.GET:
        from matching.gaps import requirements_for

        fits = requirements_for(company, limit=5)
    return render(
        request,
        "matching/requirement_list.html",
        {
            "filter": filterset,
            "page": page,
            "fits": fits,
            "can_post": request.user.is_foreign_contractor or is_requirement_staff(request.user),
        },
    )


def visible_requirement(request, pk) -> Requirement:
    return get_object_or_404(
        Requirement.objects.visible_to(request.user).select_related("owner", "programme"), pk=pk
    )


@member_required
def requirement_detail(request, pk):
    requirement = visible_requirement(request, pk)
    company = _korean_company(request.user)
    context = {
        "requirement": requirement,
        "company": company,
        "can_edit": Requirement.objects.editable_by(request.user).filter(pk=requirement.pk).exists(),
        "sees_matches": Requirement.objects.matches_visible_to(request.user)
        .filter(pk=requirement.pk)
        .exists(),
    }
    if company is not None:
        from matching.gaps import gap_list
        from matching.scoring import assess

        match = assess(requirement, company)
        context |= {
            "match": match,
            "gaps": gap_list(requirement, company, match=match),  # reuse the assessment, not a second one
            "eoi": ExpressionOfInterest.objects.filter(requirement=requirement, company=company).first(),
        }
    if context["sees_matches"]:
        context["eoi_counts"] = (
            ExpressionOfInterest.objects.visible_to(request.user)
            .filter(requirement=requirement)
            .aggregate(total=Count("pk"), waiting=Count("pk", filter=Q(status=EoiStatus.SUBMITTED)))
        )
    return render(request, "matching/requirement_detail.html", context)


@member_required
def requirement_matches(request, pk):
    requirement = get_object_or_404(Requirement.objects.matches_visible_to(request.user), pk=pk)
    from matching.scoring import rank

    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    ranked = rank(
        requirement, viewer=request.user, offset=(number - 1) * MATCHES_PAGE_SIZE, limit=MATCHES_PAGE_SIZE
    )
    page = Paginator(range(ranked.count), MATCHES_PAGE_SIZE).get_page(number)
    return render(
        request,
        "matching/requirement_matches.html",
        {"requirement": requirement, "matches": ranked.matches, "page": page, "count": ranked.count},
    )


def _form_page(request, form, requirement=None):
    return render(request, "matching/requirement_form.html", {"form": form, "requirement": requirement})


@poster_required
@require_http_methods(["GET", "POST"])
def requirement_create(request):
    form = RequirementForm(
        request.POST or None, user=request.user, initial={"programme": request.GET.get("programme")}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            requirement = form.save(commit=False)
            if request.user.is_foreign_contractor:
                requirement.owner = request.user.organization
            requirement.created_by = request.user
            requirement.save()
            form.save_m2m()
        messages.success(request, _("The requirement is saved as a draft. Send it when it is ready."))
        return redirect("matching:requirement_detail", pk=requirement.pk)
    return _form_page(request, form)


@poster_required
@require_http_methods(["GET", "POST"])
def requirement_edit(request, pk):
    requirement = get_object_or_404(Requirement.objects.editable_by(request.user), pk=pk)
    form = RequirementForm(request.POST or None, instance=requirement, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The requirement is saved."))
        return redirect("matching:requirement_detail", pk=requirement.pk)
    return _form_page(request, form, requirement)


@poster_required
@require_POST
def requirement_submit(request, pk):
    requirement = get_object_or_404(Requirement.objects.editable_by(request.user), pk=pk)
    try:
        requirement = services.submit_requirement(requirement.pk, by=request.user)
    except services.StaleState:
        messages.error(request, _("This requirement was already sent."))
    else:
        if requirement.status == RequirementStatus.PUBLISHED:
            messages.success(request, _("The requirement is published; companies that fit it are notified."))
        else:
            messages.success(request, _("The requirement is sent to KDIA, which publishes it after a check."))
    return redirect("matching:requirement_detail", pk=requirement.pk)


@poster_required
@require_POST
def requirement_close(request, pk):
    requirement = get_object_or_404(Requirement.objects.editable_by(request.user), pk=pk)
    services.close_requirement(requirement.pk)
    messages.success(request, _("The requirement is closed to new expressions of interest."))
    return redirect("matching:requirement_detail", pk=requirement.pk)
