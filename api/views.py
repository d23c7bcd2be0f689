"""Organisation administrators' pages for their API keys: list, create (secret shown once), revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.middleware import second_factor_verified
from api.forms import ApiKeyForm
from api.models import ApiKey
from audit.choices import AuditAction
from audit.services import record
from core.permissions import org_admin_required


def _organization_may_hold_keys(request):
    """Keys are for approved organisations; KDIA and DAPA staff also need their second factor."""
    organization = request.user.organization
    if organization is None or not organization.is_approved:
        raise PermissionDenied
    if request.user.is_government_staff and not second_factor_verified(request):
        raise PermissionDenied
    return organization


@org_admin_required
def key_list(request):
    organization = _organization_may_hold_keys(request)
    keys = ApiKey.objects.visible_to(request.user).select_related("created_by", "revoked_by")
    return render(request, "api/key_list.html", {"organization": organization, "keys": keys})


@org_admin_required
@require_http_methods(["GET", "POST"])
def key_create(request):
    organization = _organization_may_hold_keys(request)
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, secret = ApiKey.issue(
            name=form.cleaned_data["name"],
            organization=organization,
            created_by=request.user,
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        record(AuditAction.API_KEY_CREATED, request=request, target=key, scope=key.scope)
        # Rendered, not redirected: the secret exists only in this response, which no cache keeps.
        response = render(request, "api/key_created.html", {"key": key, "secret": secret})
        add_never_cache_headers(response)
        return response
    return render(request, "api/key_form.html", {"form": form, "organization": organization})


@org_admin_required
@require_http_methods(["GET", "POST"])
def key_revoke(request, pk):
    _organization_may_hold_keys(request)
    key = get_object_or_404(ApiKey.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        if key.is_revoked:
            messages.info(request, _("This key was already revoked."))
        else:
            key.revoke(by=request.user)
            record(AuditAction.API_KEY_REVOKED, request=request, target=key)
            messages.success(
                request,
                _("The key “%(name)s” is revoked; programs using it are refused now.") % {"name": key.name},
            )
        return redirect("api:key_list")
    return render(request, "api/key_revoke.html", {"key": key})


def unknown_endpoint(request, rest: str = ""):
    """Any /api/v1/ path no operation answers: the API's JSON error, not the site's HTML page."""
    from api.errors import DEFAULT_MESSAGES, error_body

    return JsonResponse(error_body("not_found", DEFAULT_MESSAGES[404]), status=404)
