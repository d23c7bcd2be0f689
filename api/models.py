"""API keys: an organisation's programs call /api/v1 as the person who created the key.

Only a SHA-256 digest of the secret is stored; the secret itself is shown once, when the key is
created. The prefix (the first characters of the secret) identifies a key in lists and logs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Membership, Organization

SECRET_MARKER = "kof_"
PREFIX_LENGTH = len(SECRET_MARKER) + 8
DEFAULT_LIFETIME = timedelta(days=365)
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyScope(models.TextChoices):
    READ_ONLY = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiKeyQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApiKeyQuerySet:
        """An organisation's administrators see their organisation's keys; nobody sees others'."""
        if not user.is_authenticated or not user.is_org_admin:
            return self.none()
        return self.filter(organization=user.organization)

    def usable(self) -> ApiKeyQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiKey(models.Model):
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. the ERP export.")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("created by"),
    )
    scope = models.CharField(
        _("scope"), max_length=16, choices=ApiKeyScope.choices, default=ApiKeyScope.READ_ONLY
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, db_index=True, editable=False)
    secret_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at", "secret_digest"])

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, organization, created_by, scope=ApiKeyScope.READ_ONLY, expires_at=None):
        """Create a key; returns ``(key, secret)``. The secret exists nowhere else afterwards."""
        secret = SECRET_MARKER + secrets.token_urlsafe(32)
        key = cls.objects.create(
            name=name,
            organization=organization,
            created_by=created_by,
            scope=scope,
            prefix=secret[:PREFIX_LENGTH],
            secret_digest=digest_of(secret),
            expires_at=expires_at,
        )
        return key, secret

    @classmethod
    def find(cls, secret: str) -> ApiKey | None:
        """The key with this secret, whatever its state (``refusal()`` says whether it may be used)."""
        if not secret.startswith(SECRET_MARKER) or len(secret) > 200:
            return None
        digest = digest_of(secret)
        candidates = cls.objects.select_related("organization", "created_by").filter(
            prefix=secret[:PREFIX_LENGTH]
        )
        # The digest is unique; comparing in constant time keeps timing from hinting at near misses.
        return next((key for key in candidates if hmac.compare_digest(key.secret_digest, digest)), None)

    @property
    def is_read_only(self) -> bool:
        return self.scope == ApiKeyScope.READ_ONLY

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def status(self) -> str:
        if self.is_revoked:
            return _("Revoked")
        if self.is_expired:
            return _("Expired")
        return _("Active")

    def refusal(self) -> str | None:
        """Why this key may not be used now, or None when it may."""
        if self.is_revoked:
            return _("This API key has been revoked.")
        if self.is_expired:
            return _("This API key has expired.")
        if not self.organization.is_approved:
            return _("The key's organisation is not approved.")
        creator = self.created_by
        still_member = Membership.objects.filter(user=creator, organization_id=self.organization_id).exists()
        if not creator.is_active or not still_member:
            return _("The person who created this key no longer belongs to the organisation.")
        return None

    def touch(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    def revoke(self, by) -> None:
        self.revoked_at = timezone.now()
        self.revoked_by = by
        self.save(update_fields=["revoked_at", "revoked_by"])
