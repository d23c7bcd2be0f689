"""The platform's own /api/v1 operations for tests/test_api_operations.py: the bulk exports."""

from core.testing import ApiOperation

# Public data: everyone the organisation gate and the staff second factor let through.
PUBLIC = {"pending": "forbidden", "kdia_no_2fa": "forbidden"}

OPERATIONS = [
    ApiOperation("GET", path, outcomes=PUBLIC)
    for path in (
        "/api/v1/export/companies.csv",
        "/api/v1/export/companies.jsonl",
        "/api/v1/export/products.csv",
        "/api/v1/export/products.jsonl",
    )
]
