"""Two gates every request passes: organisation approval, and a second factor for staff pages."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Pages a member of an organisation that is not (yet) approved may still open.
PENDING_ALLOWED_NAMES = {"set_language", "healthz", "accounts:pending", "accounts:organization_edit"}
PENDING_ALLOWED_PREFIXES = ("account_", "mfa_")
STAFF_PATH_PREFIXES = ("/staff/", "/admin/")
MFA_SESSION_FLAG = "koffset_second_factor_verified"


def _view_name(request) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


class OrganizationGateMiddleware(MiddlewareMixin):
    """A member of a pending, rejected or suspended organisation sees only their own status."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_superuser:
            return None
        organization = user.organization
        if organization is not None and organization.is_approved:
            return None
        name = _view_name(request)
        if name in PENDING_ALLOWED_NAMES or name.startswith(PENDING_ALLOWED_PREFIXES):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"code": "organization_not_approved", "message": _("Your organisation is not approved yet.")},
                status=403,
            )
        return redirect("accounts:pending")


def second_factor_verified(request) -> bool:
    """True when this session signed in with, or has just set up, an authenticator app."""
    if request.session.get(MFA_SESSION_FLAG):
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class StaffSecondFactorMiddleware(MiddlewareMixin):
    """KDIA and DAPA staff (and operators) reach staff pages only with TOTP set up and used."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(STAFF_PATH_PREFIXES):
            return None
        user = request.user
        if not user.is_authenticated or not (user.is_government_staff or user.is_staff or user.is_superuser):
            return None
        if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            messages.warning(
                request, _("Staff pages need a second factor. Set up an authenticator app to continue.")
            )
            return redirect(reverse("mfa_activate_totp"))
        if not second_factor_verified(request):
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return None
