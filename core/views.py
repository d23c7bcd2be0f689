"""Views every page relies on: the language switch and the health probe."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.middleware import _supported
from core.tasks import worker_beat

logger = logging.getLogger(__name__)


@require_POST
def set_language(request):
    """Remember the chosen language in a cookie and, when signed in, on the account."""
    language = _supported(request.POST.get("language"))
    if language is None:
        return HttpResponseBadRequest(_("Unknown language."), content_type="text/plain; charset=utf-8")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    if request.user.is_authenticated and request.user.preferred_language != language:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return response


# Parts a load balancer needs from an app server; the worker matters to monitoring, not to
# whether this server can answer pages (see docs/deploy.md).
APP_SCOPE = "app"


@never_cache
@require_GET
def healthz(request):
    """The health of what this app server needs: the database (and its replica, if any), the shared
    cache, and the task worker's heartbeat. 200 when every required part is healthy, else 503.

    ``?scope=app`` leaves the worker out of the verdict (it is still reported): the probe for
    load balancers, which should not take app servers out because the worker is down. The answer
    names parts and states only, never versions, hosts or error texts (those go to the log).
    """
    parts = {label: _database_state(alias) for alias, label in _databases().items()}
    parts["cache"] = _cache_state()
    worker, age = _worker_state()
    healthy = all(state == "ok" for state in parts.values())
    if request.GET.get("scope") != APP_SCOPE:
        healthy = healthy and worker != "stale"
    body = {
        "status": "ok" if healthy else "error",
        **parts,
        "worker": worker,
        "worker_heartbeat_age_seconds": None if age is None else round(age),
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _databases() -> dict[str, str]:
    """Database aliases as reported: the primary as "database", a replica as "database_replica"."""
    return {alias: "database" if alias == "default" else f"database_{alias}" for alias in connections}


def _database_state(alias: str) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "not ready"; the reason goes to the log only
        logger.exception("health check: database %s failed", alias)
        return "error"
    return "ok"


def _cache_state() -> str:
    """A write and read of the shared cache under a key of its own (probes may run concurrently)."""
    key = f"core:healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 30)
        readable = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:  # Redis unreachable, the cache table missing, ...
        logger.exception("health check: cache failed")
        return "error"
    return "ok" if readable else "error"


def _worker_state() -> tuple[str, float | None]:
    """("not_applicable", None) when tasks run inline; else "ok" or "stale" with the beat's age."""
    if settings.HUEY.get("immediate"):
        return "not_applicable", None
    fresh, age = worker_beat()
    return ("ok" if fresh else "stale"), age
