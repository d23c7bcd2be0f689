"""Editing profiles and products over the API: the pages' rules, versions and permission path."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from api.concurrency import etag_of
from companies.choices import CompanyStatus
from companies.models import Certification, CertificationType, Company, Product, ProductPhoto, TrackRecord
from companies.testing import png_bytes
from conftest import client_for


def send(client, method, url, body=None, **headers):
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json", **extra)


def company_url(company):
    return f"/api/v1/companies/{company.brn}"


def fresh(record):
    return type(record).objects.get(pk=record.pk)


def patch_company(client, company, body, etag=None):
    return send(client, "PATCH", company_url(company), body, if_match=etag or etag_of(fresh(company)))


def test_get_company_carries_the_etag_of_its_version(world):
    company = world.directory.published
    response = client_for(world, "anonymous").get(company_url(company))
    assert response.status_code == 200
    assert response["ETag"] == etag_of(fresh(company))


def test_owner_updates_the_profile_by_codes_with_sub_records(world):
    company = world.directory.published
    as9100 = CertificationType.objects.get(name_en="AS9100")
    client = client_for(world, "korean_member")
    before = client.get(company_url(company))["ETag"]
    response = patch_company(
        client,
        company,
        {
            "name_en": "Garam Precision Co.",
            "fields": ["naval", "mobility"],
            "offset_fields": [1, 6],
            "offset_types": ["direct_defence"],
            "certifications": [{"type": as9100.pk, "number": "AS-0002", "issuer": "Test Registrar"}],
            "track_records": [
                {
                    "kind": TrackRecord._meta.get_field("kind").choices[0][0],
                    "programme_en": "Patrol vessel refit",
                    "year": 2024,
                    "value": "1200000",
                    "currency": "usd",
                }
            ],
        },
        etag=before,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name_en"] == "Garam Precision Co."
    assert sorted(body["fields"]) == ["mobility", "naval"]
    assert body["offset_fields"] == [1, 6]
    assert body["offset_types"] == ["direct_defence"]
    assert [c["number"] for c in body["certifications"]] == ["AS-0002"]
    assert body["track_records"][0]["currency"] == "USD"
    company.refresh_from_db()
    assert company.name_en == "Garam Precision Co."
    assert company.name_ko == "가람정밀"  # fields the body leaves out stay as they were
    assert company.description_en.startswith("We machine sonar")
    assert list(Certification.objects.filter(company=company).values_list("number", flat=True)) == ["AS-0002"]
    assert response["ETag"] == etag_of(company) != before


def test_kdia_updates_any_profile_and_an_update_answers_a_needs_update_flag(world):
    company = world.directory.published
    Company.objects.filter(pk=company.pk).update(status=CompanyStatus.NEEDS_UPDATE)
    response = patch_company(client_for(world, "kdia"), company, {"employees": 90})
    assert response.status_code == 200
    company.refresh_from_db()
    assert (company.employees, company.status) == (90, CompanyStatus.PUBLISHED)


def test_validation_errors_name_the_field_and_nothing_is_written(world):
    company = world.directory.published
    client = client_for(world, "korean_admin")
    cases = [
        ({"founded": 1700}, "founded"),
        ({"fields": ["space-lasers"]}, "fields"),
        ({"offset_fields": [6]}, "offset_fields"),
        ({"name_ko": "", "name_en": ""}, "name_ko"),
        ({"website": "not a url"}, "website"),
        ({"name_en": "Renamed", "certifications": [{"type": 999999}]}, "certifications[0].type"),
        ({"track_records": [{"kind": "nonsense", "programme_en": "X"}]}, "track_records[0].kind"),
    ]
    for body, field in cases:
        response = patch_company(client, company, body)
        assert response.status_code == 422, body
        assert response.json()["field"] == field, (body, response.json())
        assert response.json()["message"]
    company.refresh_from_db()
    assert company.name_en == "Garam Precision"
    assert Certification.objects.filter(company=company).count() == 1


def test_a_body_of_the_wrong_type_is_refused_naming_the_field(world):
    response = patch_company(
        client_for(world, "korean_admin"), world.directory.published, {"employees": "many"}
    )
    assert response.status_code == 422
    assert "employees" in json.dumps(response.json())


def test_if_match_is_required_and_a_stale_one_is_refused(world):
    company = world.directory.published
    client = client_for(world, "korean_admin")
    stale = etag_of(fresh(company))
    assert send(client, "PATCH", company_url(company), {"employees": 1}).status_code == 428
    assert patch_company(client, company, {"employees": 2}, etag=stale).status_code == 200
    response = patch_company(client, company, {"employees": 3}, etag=stale)
    assert response.status_code == 412
    assert fresh(company).employees == 2


def test_other_organisations_and_roles_cannot_edit(world):
    company = world.directory.published
    assert patch_company(client_for(world, "other_korean"), company, {"employees": 1}).status_code == 404
    assert patch_company(client_for(world, "foreign"), company, {"employees": 1}).status_code == 403
    assert patch_company(client_for(world, "dapa"), company, {"employees": 1}).status_code == 403
    # The draft profile of another company is no more findable than a made-up number.
    draft = world.directory.draft
    assert patch_company(client_for(world, "korean_admin"), draft, {"employees": 1}).status_code == 404
    assert fresh(company).employees == 85


def test_submit_sends_a_draft_for_verification_once(world):
    draft = world.directory.draft
    client = client_for(world, "other_korean")
    response = client.post(f"{company_url(draft)}/submit")
    assert response.status_code == 200
    assert response.json()["status"] == CompanyStatus.SUBMITTED == fresh(draft).status
    again = client.post(f"{company_url(draft)}/submit")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"


def test_create_update_and_delete_a_product(world):
    company = world.directory.published
    client = client_for(world, "korean_admin")
    response = send(
        client,
        "POST",
        f"{company_url(company)}/products",
        {
            "name_en": "Hull sonar dome",
            "nsn": "5845017654321",
            "trl": 6,
            "specifications": [
                {"name": "Mass", "value": "40", "unit": "kg"},
                {"name": "Depth", "value": "300"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    product = Product.objects.get(pk=body["id"])
    assert (product.company, product.nsn, product.trl) == (company, "5845017654321", 6)
    assert [s["name"] for s in body["specifications"]] == ["Mass", "Depth"]
    assert response["ETag"] == etag_of(product)

    url = f"/api/v1/products/{product.pk}"
    assert client.get(url)["ETag"] == response["ETag"]
    updated = send(client, "PATCH", url, {"trl": 8, "specifications": []}, if_match=response["ETag"])
    assert updated.status_code == 200
    assert updated.json()["trl"] == 8 and updated.json()["specifications"] == []
    assert send(client, "DELETE", url, if_match=response["ETag"]).status_code == 412
    assert send(client, "DELETE", url).status_code == 428
    assert send(client, "DELETE", url, if_match=updated["ETag"]).status_code == 204
    assert not Product.objects.filter(pk=product.pk).exists()


def test_product_validation_names_the_field(world):
    company = world.directory.published
    client = client_for(world, "korean_admin")
    url = f"{company_url(company)}/products"
    clash = send(client, "POST", url, {"name_en": "Sonar transducer"})
    assert clash.status_code == 422 and clash.json()["field"] == "name_en"
    trl = send(client, "POST", url, {"name_en": "Mast", "trl": 12})
    assert trl.status_code == 422 and trl.json()["field"] == "trl"
    spec = send(client, "POST", url, {"name_en": "Mast", "specifications": [{"name": "Mass", "value": ""}]})
    assert spec.status_code == 422 and spec.json()["field"] == "specifications[0].value"
    assert company.products.count() == 1


def test_products_of_another_company_are_missing(world):
    product = world.directory.product
    url = f"/api/v1/products/{product.pk}"
    etag = etag_of(fresh(product))
    assert send(client_for(world, "other_korean"), "PATCH", url, {"trl": 1}, if_match=etag).status_code == 404
    assert send(client_for(world, "foreign"), "DELETE", url, if_match=etag).status_code == 403
    assert fresh(product).trl == 7


def test_photo_upload_is_checked_by_content(world):
    product = world.directory.product
    client = client_for(world, "korean_member")
    url = f"/api/v1/products/{product.pk}/photos"
    image = SimpleUploadedFile("side.png", png_bytes((200, 150)), content_type="image/png")
    response = client.post(url, {"image": image, "caption": "Side view"})
    assert response.status_code == 201, response.content
    photo = ProductPhoto.objects.get(pk=response.json()["id"])
    assert photo.caption == "Side view" and photo.thumbnail
    fake = SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", content_type="image/png")
    refused = client.post(url, {"image": fake})
    assert refused.status_code == 422 and refused.json()["field"] == "image"
    assert product.photos.count() == 2
    assert client.delete(f"/api/v1/photos/{photo.pk}").status_code == 204
    assert (
        client_for(world, "other_korean").delete(f"/api/v1/photos/{world.directory.photo.pk}").status_code
        == 404
    )
