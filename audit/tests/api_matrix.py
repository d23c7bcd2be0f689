"""The audit log over the API (tests/test_api_operations.py): KDIA only."""

from core.testing import ApiOperation

OPERATIONS = [
    ApiOperation(
        "GET",
        "/api/v1/audit",
        default="forbidden",
        outcomes={"anonymous": "unauthorised", "kdia": "ok"},
    ),
]
