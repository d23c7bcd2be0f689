"""Schemathesis fuzzes every /api/v1 operation as four personas, in-process through Django's WSGI
handler (no server, no network), inside the test's database transaction.

Each operation gets a bounded, derandomised run (``MAX_EXAMPLES`` generated requests mixing valid
and invalid input, no example database) so CI is reproducible. Every response must be no 5xx, carry
a status code and content type the schema declares, match the declared body schema (errors
included), and show the persona none of the private texts ``fuzz_support`` plants.

Hypothesis runs per operation inside one test per persona, rather than through
``schema.parametrize()``, so the shared ``world`` is built once per persona instead of once per
operation; each operation is a subtest, so one failure does not hide the others.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tests.fuzz_support import (
    PERSONAS,
    caller_for,
    needs_sign_in,
    plant_private_records,
    private_fields_check,
    wsgi_inside_test_transaction,
)

MAX_EXAMPLES = 20
# A guest gets 401 from an operation that needs a sign-in whatever the input: a few requests show it.
GUEST_EXAMPLES_WHERE_SIGN_IN_NEEDED = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,  # the same requests on every run and machine
    database=None,
    deadline=None,
    # Function-scoped fixtures are meant: the test's data and transaction are shared by all requests.
    suppress_health_check=list(HealthCheck),
    # No shrinking: the report's curl line reproduces a failure, and shrinking would multiply the run time.
    phases=[Phase.explicit, Phase.generate],
)
# Each persona signs in one way (or not at all): random API keys would only ever answer 401.
SCHEMA_CONFIG = {"generation": {"with-security-parameters": False}}


@pytest.fixture(params=PERSONAS)
def fuzz_caller(request, world, settings):
    # Hundreds of requests a minute from one caller are the point here, not abuse.
    settings.API_RATE_LIMIT_PER_IP = settings.API_RATE_LIMIT_PER_KEY = "100000/min"
    with wsgi_inside_test_transaction():
        yield caller_for(world, plant_private_records(world), request.param)


def fuzz_operation(operation, caller) -> None:
    """Send ``MAX_EXAMPLES`` generated requests to one operation as ``caller`` and check each answer."""
    cases = st.one_of(
        operation.as_strategy(generation_mode=mode, cookies=caller.cookies or None)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    )
    leak_check = private_fields_check(caller)
    examples = MAX_EXAMPLES
    if caller.persona == "anonymous" and needs_sign_in(operation):
        examples = GUEST_EXAMPLES_WHERE_SIGN_IN_NEEDED

    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(case=cases)
    def send_and_check(case):
        response = case.call(headers=caller.headers, cookies=caller.cookies)
        case.validate_response(
            response, checks=CHECKS, additional_checks=[leak_check], headers=caller.headers
        )

    send_and_check()


def test_every_operation_answers_within_its_schema_and_leaks_nothing(fuzz_caller, subtests):
    config = SchemathesisConfig.from_dict(SCHEMA_CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30, "the schema lists every app's operations"
    for operation in operations:
        with subtests.test(msg=f"{fuzz_caller.persona}: {operation.label}"):
            fuzz_operation(operation, fuzz_caller)
