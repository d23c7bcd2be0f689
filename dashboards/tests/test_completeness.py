import pytest

from companies.models import Company
from dashboards.completeness import CHECKS, completeness

pytestmark = pytest.mark.django_db


def test_a_draft_profile_lists_what_is_missing_with_links(world):
    company = world.directory.draft
    result = completeness(company)
    assert result.total == len(CHECKS)
    labels = [item.label for item in result.missing]
    assert "Description in English" in labels and "Products" in labels
    products = next(item for item in result.missing if item.label == "Products")
    assert products.url == f"/companies/{company.brn}/products/new/"
    contacts = next(item for item in result.missing if item.label == "Contact people")
    assert contacts.url == f"/companies/{company.brn}/edit/contacts/"
    assert 0 <= result.percent < 50


def test_filling_fields_raises_the_score(world):
    company = world.directory.published
    before = completeness(company)
    assert "Products" not in [item.label for item in before.missing]
    Company.objects.filter(pk=company.pk).update(
        website="https://garam.test.invalid", name_en="Garam Precision"
    )
    company.refresh_from_db()
    after = completeness(company)
    assert after.done > before.done or "Website" not in [item.label for item in before.missing]
    assert "Website" not in [item.label for item in after.missing]


def test_a_complete_profile_is_100_percent(world):
    result = completeness(world.directory.published, checks=CHECKS[:1])
    assert result.percent == 100 and result.missing == []
