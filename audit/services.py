"""``record()``: the one way anything writes to the audit log.

The row is written with the caller's database connection, inside whatever transaction the caller
holds, so an approval that rolls back leaves no audit row claiming it happened.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from audit.choices import AuditAction
from audit.models import AuditEvent

USER_AGENT_LENGTH = 255
EXPORT_FORMATS = ("csv", "xlsx", "jsonl")
# Detail keys never stored, whatever a caller passes: the log must not become a secret store.
SECRET_KEY_PARTS = ("password", "secret", "token", "otp")


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in SECRET_KEY_PARTS)


def client_ip(request) -> str | None:
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record(
    action: AuditAction | str,
    *,
    actor=None,
    request=None,
    target=None,
    organization=None,
    actor_email: str = "",
    **details,
) -> AuditEvent:
    """Write one audit event. ``actor`` defaults to the request's signed-in user;
    ``organization`` to the actor's; ``actor_email`` names who tried when there is no actor
    (a failed sign-in). ``details`` must be JSON-serialisable; secret-looking keys are dropped."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if organization is None and actor is not None:
        organization = actor.organization
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_email=(actor.email if actor is not None else actor_email)[:254],
        organization=organization,
        details={name: value for name, value in details.items() if not _is_secret(name)},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)[:64]
        event.target_repr = str(target)[:255]
    if request is not None:
        event.ip_address = client_ip(request)
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
    event.save()
    return event


def record_export(
    request, what: str, *, fmt: str = "csv", rows: int | None = None, target=None, **details
) -> AuditEvent | None:
    """An export: what was downloaded, in which format, with the filters (the query string) and,
    when cheap, the row count. A format no export writes (the view answers 400) records nothing."""
    if fmt not in EXPORT_FORMATS:
        return None
    extra = {"rows": rows} if rows is not None else {}
    return record(
        AuditAction.EXPORT,
        request=request,
        target=target,
        what=what,
        format=fmt,
        query=request.META.get("QUERY_STRING", "")[:1000],
        **extra,
        **details,
    )
