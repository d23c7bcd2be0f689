"""Packages: KDIA compiles and submits a round's accepted proposals; DAPA acknowledges them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import record_export
from wishlists import exporting, services
from wishlists.forms import AcknowledgeForm
from wishlists.models import Package, Round, is_wishlist_staff
from wishlists.permissions import dapa_required, kdia_staff_required


def visible_package(request, pk) -> Package:
    return get_object_or_404(
        Package.objects.visible_to(request.user).select_related("round__programme"), pk=pk
    )


@login_required
def package_list(request):
    packages = (
        Package.objects.visible_to(request.user)
        .select_related("round__programme")
        .order_by("-submitted_at", "-compiled_at")
    )
    return render(request, "wishlists/package_list.html", {"packages": packages})


@login_required
def package_detail(request, pk):
    """The package as DAPA receives it; printable (the print style hides the site's chrome)."""
    package = visible_package(request, pk)
    return render(
        request,
        "wishlists/package_detail.html",
        {
            "package": package,
            "rows": exporting.package_rows(package),
            "summary": exporting.summary_rows(package),
            "is_staff": is_wishlist_staff(request.user),
            "can_acknowledge": package.status == "submitted"
            and (request.user.is_dapa or request.user.is_superuser),
            "acknowledge_form": AcknowledgeForm(),
        },
    )


@login_required
def package_export(request, pk):
    package = visible_package(request, pk)
    record_export(request, "wishlist_package", fmt="xlsx", target=package)
    return exporting.package_xlsx_response(package)


@dapa_required
@require_POST
def package_acknowledge(request, pk):
    package = visible_package(request, pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge(package.pk, note=form.cleaned_data["note"], by=request.user)
        except services.StaleState:
            messages.error(request, _("This package is already acknowledged."))
        else:
            messages.success(request, _("Receipt is acknowledged; KDIA and the companies are notified."))
    return redirect("wishlists:package_detail", pk=package.pk)


@kdia_staff_required
@require_POST
def package_compile(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    try:
        package = services.compile_package(round_.pk, by=request.user)
    except services.NothingToPackage:
        messages.error(request, _("No proposal of this round is accepted yet."))
        return redirect("wishlists:round_detail", pk=round_.pk)
    messages.success(
        request,
        _("Revision %(revision)s is compiled. Check it, then submit it to DAPA.")
        % {"revision": package.revision},
    )
    return redirect("wishlists:package_detail", pk=package.pk)


@kdia_staff_required
@require_POST
def package_submit(request, pk):
    package = visible_package(request, pk)
    try:
        services.submit_package(package.pk, seen_version=request.POST.get("version", ""), by=request.user)
    except services.StaleState:
        messages.error(request, _("This revision changed or was already submitted; check it again."))
    else:
        messages.success(request, _("The package is submitted to DAPA and frozen."))
    return redirect("wishlists:package_detail", pk=package.pk)


@kdia_staff_required
@require_POST
def package_share(request, pk):
    package = visible_package(request, pk)
    shared = request.POST.get("shared") == "1"
    services.share(package.pk, shared=shared)
    if shared:
        messages.success(request, _("The programme's foreign contractors can now see this package."))
    else:
        messages.success(request, _("The package is no longer shared with the foreign contractors."))
    return redirect("wishlists:package_detail", pk=package.pk)
