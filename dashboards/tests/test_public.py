"""The public statistics: totals by year, withheld where fewer than three contractors contribute."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import OrganizationKind
from companies.models import Company
from core.testing import make_org
from dashboards import public
from dashboards.forms import Filters
from offsets import services
from offsets.choices import ClaimStatus
from offsets.testing import make_agreement, make_claim, make_item, make_programme

pytestmark = pytest.mark.django_db
GUEST = AnonymousUser()


def approve(claim, by, amount):
    return services.decide_claim(
        claim.pk,
        decision=ClaimStatus.APPROVED,
        approved_usd=Decimal(amount),
        reason="",
        seen_version=claim.updated_at.isoformat(),
        by=by,
    )


@pytest.fixture
def three_contractors(world):
    """A third contractor, and an approved claim for each of three contractors in 2025: one by the
    published SME, one by a large company, one by a company of unknown size."""
    large = Company.objects.get(pk=world.directory.draft.pk)
    Company.objects.filter(pk=large.pk).update(size_class="large")
    third = make_org(
        OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Northfold Systems", country="FR"
    )
    agreement = make_agreement(make_programme("DAPA-T-003", name_en="Trainer jets"), third)
    unknown = make_item(agreement)
    approve(world.offsets.claim, world.users.dapa, "200000.00")
    rival_item = world.offsets.rival_item
    rival_item.kip = large
    rival_item.save()
    approve(
        make_claim(rival_item, world.users.foreign, amount="300000.00", evidence=False),
        world.users.dapa,
        "300000.00",
    )
    approve(
        make_claim(unknown, world.users.foreign, amount="50000.00", evidence=False),
        world.users.dapa,
        "50000.00",
    )
    return world


def test_programmes_by_year_are_public(world):
    data = public.programmes_by_year(GUEST, Filters()).as_dict()
    assert data["2024"] == {"programmes": 2, "completed": 0}


def test_a_year_with_fewer_than_three_contractors_is_withheld(world):
    data = public.obligations_by_year(GUEST, Filters()).as_dict()
    assert data["2024"]["obligation"] is None  # two contractors signed MOAs in 2024
    share = public.sme_share(GUEST, Filters())
    assert share.rows == [] or all(value is None for row in share.rows for value in row.values)


def test_totals_across_three_contractors(three_contractors):
    data = public.obligations_by_year(GUEST, Filters()).as_dict()
    assert data["2024"]["obligation"] == Decimal("180000000.00")
    assert data["2025"]["approved"] == Decimal("550000.00")
    assert public.obligations_by_year(GUEST, Filters(year=2023)).rows == []


def test_sme_share_by_size_class_of_the_korean_company(three_contractors):
    row = public.sme_share(GUEST, Filters()).as_dict()["2025"]
    assert row["sme"] == Decimal("200000.00")
    assert row["large"] == Decimal("300000.00")
    assert row["unknown"] == Decimal("50000.00")
    assert row["share"] == Decimal("40.0")  # 200k of the 500k with a known size


def test_field_filter_on_public_figures(three_contractors):
    from companies.models import DefenceField

    naval = DefenceField.objects.get(code="naval")
    # Only one contractor's item names a naval company: withheld.
    assert public.sme_share(GUEST, Filters(field=naval)).as_dict()["2025"]["sme"] is None


def test_meetings_by_year(world):
    rows = public.meetings_by_year(GUEST, Filters()).rows
    assert len(rows) == 1
    assert rows[0].values == (0, 0)
    assert public.meetings_by_year(GUEST, Filters(year=1999)).rows == []
