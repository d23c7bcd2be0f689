"""Receivers that put sign-ins, sign-outs, password and second-factor changes in the audit log.

Workflow changes (memberships, decisions, exports) call ``audit.services.record`` themselves;
only what Django and allauth do on their own is caught here.
"""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import (
    authentication_failed,
    authenticator_added,
    authenticator_removed,
    authenticator_used,
)
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.choices import AuditAction
from audit.services import record


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def signed_in(sender, request, user, **kwargs):
    record(AuditAction.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:  # signing out with no session is not an event
        record(AuditAction.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the address that was tried: Django masks the password, and it is never stored anyway.
    email = str(credentials.get("email") or credentials.get("username") or "")
    record(AuditAction.SIGN_IN_FAILED, request=request, actor=None, actor_email=email)


@receiver(password_changed, dispatch_uid="audit_password_changed")
@receiver(password_set, dispatch_uid="audit_password_set")
def password_was_changed(sender, request, user, **kwargs):
    record(AuditAction.PASSWORD_CHANGED, actor=user, request=request, target=user)


@receiver(password_reset, dispatch_uid="audit_password_reset")
def password_was_reset(sender, request, user, **kwargs):
    record(AuditAction.PASSWORD_RESET, actor=user, request=request, target=user)


# Recovery codes come and go with the authenticator app itself: one event per change, not two.
@receiver(authenticator_added, dispatch_uid="audit_mfa_enabled")
def authenticator_was_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        record(AuditAction.MFA_ENABLED, actor=user, request=request, kind=authenticator.type)


@receiver(authenticator_removed, dispatch_uid="audit_mfa_disabled")
def authenticator_was_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        record(AuditAction.MFA_DISABLED, actor=user, request=request, kind=authenticator.type)


@receiver(authenticator_used, dispatch_uid="audit_rotate_session_on_step_up")
def rotate_session_on_step_up(sender, request, user, authenticator, reauthenticated=False, **kwargs):
    """A session that proves the second factor again gains staff rights: give it a new key, as a
    sign-in does, so an identifier seen before the step-up is worth nothing after it."""
    if reauthenticated and hasattr(request, "session"):
        request.session.cycle_key()


@receiver(authentication_failed, dispatch_uid="audit_mfa_failed")
def second_factor_refused(sender, request, user, authenticator=None, **kwargs):
    record(
        AuditAction.MFA_FAILED,
        actor=user,
        request=request,
        kind=getattr(authenticator, "type", ""),
        reauthentication=bool(kwargs.get("reauthentication")),
    )
