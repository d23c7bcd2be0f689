"""Every URL and API endpoint, for every persona: who gets in, who is turned away and how.

A new view must add a row here; `test_every_url_has_a_row` fails until it does.
Outcomes: ok (200), done (302 after a successful POST), login (sent to sign in),
gate (sent to the pending-approval page), mfa (sent to set up a second factor),
forbidden (403), missing (404), unauthorised (401, API), admin_login (the admin's
own "not allowed" redirect).
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.router import api
from conftest import PERSONAS, client_for

THIRD_PARTY_NAMESPACES = {"admin", "api-1"}  # covered by their own tests below
THIRD_PARTY_NAME_PREFIXES = ("account_", "mfa_")  # allauth's own pages


@dataclass(frozen=True)
class Row:
    name: str
    method: str = "get"
    kwargs: object = None  # callable(world) -> dict of URL kwargs
    data: dict = field(default_factory=dict)
    default: str = "ok"
    outcomes: dict = field(default_factory=dict)

    def expected(self, persona: str) -> str:
        return self.outcomes.get(persona, self.default)


SIGNED_OUT = {"anonymous": "login"}
GATED = {"pending": "gate"}
MEMBERS_ONLY = {**SIGNED_OUT, **GATED}
ORG_ADMINS_ONLY = {
    **MEMBERS_ONLY,
    "korean_member": "forbidden",
    "kdia_no_2fa": "forbidden",
    "dapa": "forbidden",
}
KDIA_ONLY = {
    **MEMBERS_ONLY,
    "korean_admin": "forbidden",
    "korean_member": "forbidden",
    "other_korean": "forbidden",
    "foreign": "forbidden",
    "dapa": "forbidden",
    "kdia_no_2fa": "mfa",
}


def korean_member_membership(world):
    return {"pk": world.users.korean_member.membership.pk}


def waiting_org(world):
    return {"pk": world.orgs.waiting.pk}


MATRIX = [
    Row("portal:home", outcomes=GATED),
    Row("healthz"),
    Row("set_language", method="post", data={"language": "en", "next": "/"}, default="done"),
    Row("accounts:pending", default="done", outcomes={**SIGNED_OUT, "pending": "ok"}),
    Row("accounts:organization", outcomes=MEMBERS_ONLY),
    Row("accounts:organization_edit", outcomes={**ORG_ADMINS_ONLY, "pending": "ok"}),
    Row("accounts:member_invite", outcomes=ORG_ADMINS_ONLY),
    # Another organisation's membership is 404, never "forbidden": ids must not be probeable.
    Row(
        "accounts:member_role",
        method="post",
        kwargs=korean_member_membership,
        data={"role": "admin"},
        default="missing",
        outcomes={**ORG_ADMINS_ONLY, "korean_admin": "done"},
    ),
    Row(
        "accounts:member_remove",
        method="post",
        kwargs=korean_member_membership,
        default="missing",
        outcomes={**ORG_ADMINS_ONLY, "korean_admin": "done"},
    ),
    Row("staff_accounts:review_list", outcomes=KDIA_ONLY),
    Row("staff_accounts:review_detail", kwargs=waiting_org, outcomes=KDIA_ONLY),
]


def classify(response) -> str:
    status = response.status_code
    if status in (301, 302):
        path = urlsplit(response["Location"]).path
        if path == reverse("account_login"):
            return "login"
        if path == reverse("accounts:pending"):
            return "gate"
        if path == reverse("mfa_activate_totp"):
            return "mfa"
        if path == "/admin/login/":
            return "admin_login"
        return "done"
    return {200: "ok", 401: "unauthorised", 403: "forbidden", 404: "missing", 405: "not_allowed"}.get(
        status, str(status)
    )


def our_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner not in THIRD_PARTY_NAMESPACES:
                    walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name.startswith(THIRD_PARTY_NAME_PREFIXES):
                    continue
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_has_a_row():
    assert our_url_names() == {row.name for row in MATRIX}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.name)
def test_url_for_persona(world, row, persona):
    client = client_for(world, persona)
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    response = getattr(client, row.method)(url, row.data)
    assert classify(response) == row.expected(persona), f"{row.method.upper()} {url} as {persona}"


API_OUTCOMES = {
    "/api/v1/me": {"anonymous": "unauthorised", "pending": "forbidden"},
}


def test_every_api_operation_has_a_row():
    assert set(api.get_openapi_schema()["paths"]) == set(API_OUTCOMES)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", sorted(API_OUTCOMES))
def test_api_for_persona(world, path, persona):
    response = client_for(world, persona).get(path)
    assert classify(response) == API_OUTCOMES[path].get(persona, "ok")


def admin_changelists():
    return [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry
    ]


ADMIN_OUTCOMES = {"kdia": "ok", "kdia_no_2fa": "mfa", "pending": "gate", "anonymous": "admin_login"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_only_for_kdia_with_second_factor(world, persona):
    client = client_for(world, persona)
    for url in ["/admin/", *admin_changelists()]:
        outcome = classify(client.get(url))
        expected = ADMIN_OUTCOMES.get(persona, "admin_login")
        if persona == "kdia" and url != "/admin/" and outcome == "forbidden":
            # Django's own tables (groups, permissions) stay with operators.
            assert "/auth/" in url, url
            continue
        assert outcome == expected, f"{url} as {persona}"


def every_routable_path() -> list[str]:
    """Every URL in the project (ours, allauth's, the admin's) that needs no argument."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif "<" not in route and "(?P" not in route:
                paths.append("/" + (prefix + route).lstrip("^").rstrip("$").replace("\\Z", ""))

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_url_fails_for_any_persona(world, persona):
    client = client_for(world, persona)
    failures = []
    for path in every_routable_path():
        if path.endswith("/logout/"):
            continue  # a GET would only show the confirmation; POST is covered by allauth
        status = client.get(path).status_code
        if status >= 500:
            failures.append((path, status))
    assert failures == []
