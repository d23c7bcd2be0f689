import pytest

from companies import services
from companies.models import Company
from dashboards.completeness import completeness

pytestmark = pytest.mark.django_db


def test_a_draft_profile_lists_what_is_missing_with_links(world):
    company = world.directory.draft
    result = completeness(company)
    assert result.total == len(services.completeness_checks(company))
    labels = [item.label for item in result.missing]
    assert "Description in English" in labels and "At least one product" in labels
    products = next(item for item in result.missing if item.label == "At least one product")
    assert products.url == f"/companies/{company.brn}/products/new/"
    contacts = next(item for item in result.missing if item.label == "Contact person")
    assert contacts.url == f"/companies/{company.brn}/edit/contacts/"
    assert 0 <= result.percent < 50


def test_filling_fields_raises_the_score(world):
    company = world.directory.published
    before = completeness(company)
    assert "At least one product" not in [item.label for item in before.missing]
    Company.objects.filter(pk=company.pk).update(
        website="https://garam.test.invalid", name_en="Garam Precision"
    )
    company.refresh_from_db()
    after = completeness(company)
    assert after.done > before.done or "Website" not in [item.label for item in before.missing]
    assert "Website" not in [item.label for item in after.missing]


def test_the_home_page_and_the_profile_page_give_the_same_score(world):
    for company in (world.directory.draft, world.directory.published):
        score, missing = services.completeness(company)
        result = completeness(company)
        assert result.percent == score
        assert [item.label for item in result.missing] == [str(label) for label in missing]
