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
# The unsubscribe link in e-mails works for anyone holding its token, signed in or not.
PENDING_ALLOWED_NAMES = {
    "set_language",
    "healthz",
    "accounts:pending",
    "accounts:organization_edit",
    "alerts:unsubscribe",
}
PENDING_ALLOWED_PREFIXES = ("account_", "mfa_")
STAFF_PATH_PREFIXES = ("/staff/", "/admin/")
# Pages staff may open before the second factor: signing in and setting it up.
MFA_EXEMPT_NAMES = {"set_language", "healthz", "alerts:unsubscribe"}


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
    """True when this session signed in with the authenticator app, or set it up itself.

    Setting one up needs the password again and a code from the new app, so an authenticator
    created after this session's sign-in proves possession as well as a sign-in with it.
    """
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    started = min((record.get("at", float("inf")) for record in records), default=None)
    if started is None:
        return False
    created = (
        Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP)
        .values_list("created_at", flat=True)
        .first()
    )
    return created is not None and created.timestamp() >= started


class StaffSecondFactorMiddleware(MiddlewareMixin):
    """KDIA and DAPA staff use the site only with TOTP set up and used in this session.

    Their accounts can see and change every organisation's data, so the second factor
    guards all their pages (and the API), not only those under /staff/. Operators
    (superusers) need it for /staff/ and /admin/.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        staff_path = request.path_info.startswith(STAFF_PATH_PREFIXES)
        if not (user.is_government_staff or (staff_path and (user.is_staff or user.is_superuser))):
            return None
        name = _view_name(request)
        if name in MFA_EXEMPT_NAMES or name.startswith(PENDING_ALLOWED_PREFIXES):
            return None
        has_totp = is_mfa_enabled(user, [Authenticator.Type.TOTP])
        if has_totp and second_factor_verified(request):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"code": "second_factor_required", "message": _("Sign in with your second factor first.")},
                status=403,
            )
        if not has_totp:
            messages.warning(
                request, _("Staff pages need a second factor. Set up an authenticator app to continue.")
            )
            return redirect(reverse("mfa_activate_totp"))
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
