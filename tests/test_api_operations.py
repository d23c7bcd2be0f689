"""Every /api/v1 operation other than the GETs in test_permission_matrix, for every persona.

Each app lists its operations in ``<app>/tests/api_matrix.py`` as ``OPERATIONS``, a list of
``core.testing.ApiOperation``; `test_every_operation_has_a_row` fails until a new endpoint has
one. Outcomes extend the page matrix's: created (201), deleted (204), invalid (400/422),
conflict (409/412/428), throttled (429).

The same operations run again with an organisation's API key instead of the session: a
read-write key must get what its creator's session gets, and a read-only key is refused every
write. Keys belong to approved organisations, so only personas whose session passes the gates
have one; one persona per organisation kind keeps the run short.
"""

import importlib

import pytest
from django.apps import apps

from api.router import api
from conftest import PERSONAS, client_for
from core.testing import api_key_for, key_client
from tests.test_permission_matrix import API_OUTCOMES

API_OUTCOME_BY_STATUS = {
    200: "ok",
    201: "created",
    204: "deleted",
    400: "invalid",
    401: "unauthorised",
    403: "forbidden",
    404: "missing",
    405: "not_allowed",
    409: "conflict",
    412: "conflict",
    422: "invalid",
    428: "conflict",
    429: "throttled",
}


def api_outcome(response) -> str:
    return API_OUTCOME_BY_STATUS.get(response.status_code, str(response.status_code))


def app_operations():
    operations = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.api_matrix")
        except ModuleNotFoundError as missing:
            if missing.name not in (f"{config.name}.tests", f"{config.name}.tests.api_matrix"):
                raise
            continue
        operations.extend(module.OPERATIONS)
    return operations


OPERATIONS = app_operations()


def schema_operations() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_operation_has_a_row():
    covered = {("GET", path) for path in API_OUTCOMES} | {(op.method, op.path) for op in OPERATIONS}
    missing = schema_operations() - covered
    assert not missing, f"operations without a permission row: {sorted(missing)}"
    stale = {(op.method, op.path) for op in OPERATIONS} - schema_operations()
    assert not stale, f"rows for operations that do not exist: {sorted(stale)}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_operation_for_persona(world, operation, persona):
    client = client_for(world, persona)
    response = operation.call(client, world)
    assert api_outcome(response) == operation.expected(persona), (
        f"{operation} as {persona}: {response.status_code} {response.content[:300]!r}"
    )


# One persona per kind of organisation; anonymous, pending and kdia_no_2fa can hold no key.
KEY_PERSONAS = ("korean_admin", "foreign", "kdia", "dapa")
WRITES = [operation for operation in OPERATIONS if operation.method != "GET"]


@pytest.mark.parametrize("persona", KEY_PERSONAS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_operation_with_a_read_write_key(world, operation, persona):
    client = key_client(api_key_for(getattr(world.users, persona), "read_write"))
    response = operation.call(client, world)
    assert api_outcome(response) == operation.expected(persona), (
        f"{operation} with {persona}'s key: {response.status_code} {response.content[:300]!r}"
    )


def test_a_read_only_key_is_refused_every_write(world):
    """Refused before the handler runs, so one world serves every operation and persona."""
    for persona in KEY_PERSONAS:
        client = key_client(api_key_for(getattr(world.users, persona), "read"))
        for operation in WRITES:
            response = operation.call(client, world)
            assert api_outcome(response) == "forbidden", f"{operation} with {persona}'s read-only key"
            assert response.json()["code"] == "read_only_key"
