"""Directory pages and API: filters and facets, visibility of contacts and drafts, comparison, shortlists."""

import pytest
from django.urls import reverse

from companies.choices import CompanyStatus
from companies.models import Capability, Company, DefenceField, OffsetField
from conftest import client_for
from core.testing import fictional_brn


def make_company(name, *, region="busan", size="sme", fields=(), status=CompanyStatus.PUBLISHED, **extra):
    company = Company.objects.create(
        brn=fictional_brn(), name_en=name, region=region, size_class=size, status=status, **extra
    )
    company.fields.set(DefenceField.objects.filter(code__in=fields))
    return company


@pytest.fixture
def directory(db):
    make_company("Alpha Naval", fields=["naval"])
    make_company("Bravo Naval Busan", fields=["naval", "c4i_electronics"])
    make_company("Charlie Seoul", region="seoul", size="mid", fields=["c4i_electronics"])
    make_company("Delta Draft", fields=["naval"], status=CompanyStatus.DRAFT)


def facet(response, name):
    return {v.value: v.count for v in next(f for f in response.context["facets"] if f.name == name).values}


def test_filters_combine_and_facets_count_without_their_own_filter(directory, client):
    response = client.get(reverse("companies:company_list"), {"field": "naval", "region": "busan"})
    names = [c.name for c in response.context["companies"]]
    assert names == ["Alpha Naval", "Bravo Naval Busan"]  # the draft is not public
    # Region counts apply the field filter but not the region filter itself.
    assert facet(response, "region") == {"busan": 2}
    # Field counts apply the region filter: naval 2, c4i 1 (Charlie is in Seoul).
    assert facet(response, "field") == {"naval": 2, "c4i_electronics": 1}


def test_choosing_two_values_of_one_facet_widens_the_result(directory, client):
    response = client.get(reverse("companies:company_list"), {"region": ["busan", "seoul"]})
    assert response.context["page"].paginator.count == 3


def test_sort_and_bad_filter_values(directory, client):
    response = client.get(reverse("companies:company_list"), {"sort": "-employees", "region": "atlantis"})
    assert response.status_code == 200  # an unknown value is reported, not a 500
    assert response.context["filter"].errors


def test_htmx_requests_get_only_the_results(directory, client):
    response = client.get(reverse("companies:company_list"), {"field": "naval"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Alpha Naval" in body


def test_api_lists_with_the_same_filters(directory, client):
    body = client.get("/api/v1/companies", {"field": "naval", "region": "busan", "limit": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    item = body["items"][0]
    assert {"brn", "name_ko", "name_en", "size_class", "region", "fields"} <= set(item)
    assert item["fields"] == ["naval"]
    assert client.get("/api/v1/companies", {"region": "atlantis"}).status_code == 400
    assert client.get("/api/v1/companies", {"limit": 1000}).status_code == 422


def test_api_company_by_brn_with_or_without_hyphens(world, client):
    company = world.directory.published
    hyphenated = company.brn_display
    body = client.get(f"/api/v1/companies/{hyphenated}").json()
    assert body["brn"] == company.brn
    assert [p["name_en"] for p in body["products"]] == ["Sonar transducer"]
    assert body["contacts"] is None  # guests never see contacts


@pytest.mark.parametrize(
    "persona,sees",
    [
        ("anonymous", False),
        ("other_korean", False),
        ("foreign", True),
        ("kdia", True),
        ("dapa", True),
        ("korean_member", True),
    ],
)
def test_contacts_only_for_contractors_staff_and_the_company(world, persona, sees):
    client = client_for(world, persona)
    company = world.directory.published
    page = client.get(reverse("companies:company_detail", args=[company.brn])).content.decode()
    api = client.get(f"/api/v1/companies/{company.brn}").json()
    assert ("export@garam.test.invalid" in page) is sees
    assert (
        api["contacts"] is not None and api["contacts"][0]["email"] == "export@garam.test.invalid"
    ) is sees
    listing = client.get("/api/v1/companies").content.decode()
    export = client.get(reverse("companies:export_companies", args=["csv"])).content.decode(errors="ignore")
    assert "export@garam.test.invalid" not in listing and "export@garam.test.invalid" not in export


def test_compare_up_to_four(world, client):
    company = world.directory.published
    response = client.get(
        reverse("companies:compare"), {"c": [company.brn_display, world.directory.draft.brn]}
    )
    assert [c.pk for c in response.context["companies"]] == [company.pk]  # the draft is not visible
    too_many = [fictional_brn() for _ in range(5)]
    assert client.get(reverse("companies:compare"), {"c": too_many}).status_code == 400


def test_shortlist_add_note_and_export(world):
    client = client_for(world, "foreign")
    other = make_company("Echo Optics")
    response = client.post(
        reverse("companies:shortlist_add"), {"company": other.brn, "shortlist": world.directory.shortlist.pk}
    )
    assert response.status_code == 302
    entries = world.directory.shortlist.entries
    assert entries.count() == 2
    client.post(
        reverse("companies:shortlist_entry", args=[world.directory.shortlist.pk, world.directory.entry.pk]),
        {"note": "=cmd|' /C calc'!A0", "action": "save"},
    )
    export = client.get(reverse("companies:shortlist_export", args=[world.directory.shortlist.pk, "csv"]))
    text = export.content.decode("utf-8-sig")
    assert "'=cmd" in text  # formula neutralised
    assert world.directory.published.brn in text and other.brn in text


def test_shortlists_are_private(world):
    other_contractor = client_for(world, "foreign")
    assert (
        other_contractor.get(
            reverse("companies:shortlist_detail", args=[world.directory.shortlist.pk])
        ).status_code
        == 200
    )
    from accounts.choices import MembershipRole
    from core.testing import make_org, make_user, signed_in

    rival = make_user(
        make_org("foreign_contractor", name_en="Rival Systems", country="FR"), MembershipRole.ADMIN
    )
    assert (
        signed_in(rival)
        .get(reverse("companies:shortlist_detail", args=[world.directory.shortlist.pk]))
        .status_code
        == 404
    )


def test_draft_files_are_not_served_to_outsiders(world, client):
    draft = world.directory.draft
    from django.core.files.base import ContentFile

    from companies.testing import png_bytes

    draft.logo.save("d.png", ContentFile(png_bytes()), save=True)
    url = reverse("companies:company_file", args=[draft.brn, "logo"])
    assert client.get(url).status_code == 404
    assert client_for(world, "other_korean").get(url).status_code == 200


def test_offset_field_filter_and_capability_facet(db, client):
    company = make_company("Foxtrot Forge")
    company.offset_fields.set(OffsetField.objects.filter(number__in=[3, 6]))
    company.capabilities.set(Capability.objects.filter(name_en="Forging"))
    make_company("Golf Glass")
    response = client.get(reverse("companies:company_list"), {"offset_field": "6"})
    assert [c.name for c in response.context["companies"]] == ["Foxtrot Forge"]
    forging = str(Capability.objects.get(name_en="Forging").pk)
    assert facet(response, "capability") == {forging: 1}


def test_renaming_a_shortlist_someone_renamed_meanwhile_is_refused(world):
    shortlist = world.directory.shortlist
    client = client_for(world, "foreign")
    url = reverse("companies:shortlist_edit", args=[shortlist.pk])
    opened = client.get(url).context["form"].initial["version"]
    assert client.post(url, {"name": "Radome makers", "version": opened}).status_code == 302
    shortlist.refresh_from_db()
    assert shortlist.name == "Radome makers"

    # A second tab still holds the version from before that rename.
    refused = client.post(url, {"name": "Gearbox makers", "version": opened})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    shortlist.refresh_from_db()
    assert shortlist.name == "Radome makers"
