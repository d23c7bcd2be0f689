"""Numbers beyond what an integer column holds match nothing instead of failing the query."""

import pytest

from accounts.models import User
from companies.models import Capability


@pytest.mark.django_db
@pytest.mark.parametrize("huge", [2**63, 10**30, -(2**63) - 1])
def test_in_with_numbers_no_column_holds_matches_nothing(huge):
    capability = Capability.objects.first()
    assert list(Capability.objects.filter(pk__in=[huge])) == []
    assert list(Capability.objects.filter(pk__in=[huge, capability.pk])) == [capability]
    assert not User.objects.filter(pk__in=[huge]).exists()


@pytest.mark.django_db
def test_a_filter_form_refuses_a_huge_id_as_an_unknown_choice(client):
    response = client.get("/api/v1/companies", {"capability": str(10**30)})
    assert response.status_code in (400, 422)
    assert response.json()["field"] == "capability"
    response = client.get("/companies/", {"offset_field": str(10**30)})
    assert response.status_code == 200


@pytest.mark.django_db
def test_through_a_relation_too():
    from companies.models import Product

    assert list(Product.objects.filter(company_id=10**30)) == []
    assert list(Product.objects.filter(company__in=[10**30])) == []
    assert list(Product.objects.filter(company=2**63)) == []
