"""What the audit log records: one fixed vocabulary of actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_RESET = "password_reset", _("Password reset with an e-mailed link")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    MFA_ENABLED = "mfa_enabled", _("Second factor added")
    MFA_DISABLED = "mfa_disabled", _("Second factor removed")
    MFA_FAILED = "mfa_failed", _("Second factor code refused")
    MEMBERSHIP_ADDED = "membership_added", _("Member added")
    MEMBERSHIP_ROLE_CHANGED = "membership_role_changed", _("Member's role changed")
    MEMBERSHIP_REMOVED = "membership_removed", _("Member removed")
    ORGANIZATION_APPROVED = "organization_approved", _("Organisation approved")
    ORGANIZATION_REJECTED = "organization_rejected", _("Organisation rejected")
    ORGANIZATION_SUSPENDED = "organization_suspended", _("Organisation suspended")
    COMPANY_VERIFIED = "company_verified", _("Company profile verified")
    COMPANY_UPDATE_REQUESTED = "company_update_requested", _("Company profile update requested")
    PROPOSAL_REVIEWED = "proposal_reviewed", _("Proposal reviewed")
    PACKAGE_SUBMITTED = "package_submitted", _("Package submitted to DAPA")
    API_KEY_CREATED = "api_key_created", _("API key created")
    API_KEY_REVOKED = "api_key_revoked", _("API key revoked")
    EXPORT = "export", _("Data exported")
