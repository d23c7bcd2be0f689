"""Bulk export: streamed, public profiles only, no contacts, CSV readable by Excel."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse

CONTACT_EMAIL = "export@garam.test.invalid"


def body_of(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize("persona", ["anonymous", "other_korean", "kdia"])
def test_company_exports_hold_only_public_profiles(world, as_persona, persona):
    """Even the draft's own members and KDIA get the guests' view: an export is for sharing."""
    client = as_persona(persona)
    published, draft = world.directory.published, world.directory.draft

    text = body_of(client.get("/api/v1/export/companies.csv"))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["brn"] for row in rows] == [published.brn]
    assert rows[0]["name_ko"] == published.name_ko  # Korean survives the round trip
    assert CONTACT_EMAIL not in text and draft.brn not in text

    response = client.get("/api/v1/export/companies.jsonl")
    assert response["Content-Type"].startswith("application/jsonl")
    lines = [json.loads(line) for line in body_of(response).splitlines()]
    assert [line["brn"] for line in lines] == [published.brn]
    assert "contacts" not in lines[0] and CONTACT_EMAIL not in json.dumps(lines)


def test_product_exports_hold_only_public_products(world, as_persona):
    from companies.models import Product

    hidden = Product.objects.create(
        company=world.directory.draft, name_ko="비공개 부품", name_en="Unlisted part"
    )
    client = as_persona("anonymous")
    csv_text = body_of(client.get("/api/v1/export/products.csv"))
    rows = list(csv.DictReader(io.StringIO(csv_text.removeprefix("\ufeff"))))
    assert [int(row["id"]) for row in rows] == [world.directory.product.pk]
    jsonl_text = body_of(client.get("/api/v1/export/products.jsonl"))
    assert [json.loads(line)["id"] for line in jsonl_text.splitlines()] == [world.directory.product.pk]
    assert hidden.name_en not in csv_text + jsonl_text


def test_csv_cells_cannot_become_formulas(world, as_persona):
    from api.export import flat_cell

    assert flat_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert flat_cell("-5") == "-5"
    assert flat_cell(["a", "b"]) == "a; b"
    assert flat_cell(None) == "" and flat_cell(True) == "true"


def test_export_is_attached_with_a_file_name(world, as_persona):
    response = as_persona("anonymous").get("/api/v1/export/companies.csv")
    assert response["Content-Disposition"] == 'attachment; filename="companies.csv"'
