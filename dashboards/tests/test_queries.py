"""Dashboard queries on the conftest world: counts, filters, and who sees whose figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.models import Company, DefenceField
from dashboards import queries
from dashboards.forms import Filters
from offsets import credits, services
from offsets.choices import ClaimStatus, LedgerKind
from offsets.testing import make_claim

pytestmark = pytest.mark.django_db
NAVAL = "naval"
SIXTY_MILLION = Decimal("60000000.00")


def naval():
    return DefenceField.objects.get(code=NAVAL)


def test_companies_by_field_splits_public_and_other(world, kdia, no_filters):
    data = queries.companies_by_field(kdia, no_filters).as_dict()
    naval_name = naval().name
    assert data[naval_name] == {"public": 1, "other": 0}
    unassigned = Company.objects.filter(fields__isnull=True).count()
    assert data["No field given"] == {"public": 0, "other": unassigned}


def test_outsiders_count_only_public_profiles(world, no_filters):
    data = queries.companies_by_field(world.users.foreign, no_filters).as_dict()
    assert sum(row["other"] for row in data.values()) == 0
    assert data[naval().name]["public"] == 1


def test_year_and_field_filters(world, kdia):
    this_year = timezone.localdate().year
    by_size = queries.companies_by_size(kdia, Filters(field=naval())).as_dict()
    assert by_size["SME"] == {"companies": 1}
    assert "Not given" not in by_size  # the naval company has a size class
    by_region = queries.companies_by_region(kdia, Filters(year=this_year - 30)).as_dict()
    assert all(row["companies"] == 0 for row in by_region.values())
    by_region = queries.companies_by_region(kdia, Filters(year=this_year, field=naval())).as_dict()
    assert by_region["South Gyeongsang"] == {"companies": 1}
    assert sum(row["companies"] for row in by_region.values()) == 1
    by_field = queries.companies_by_field(kdia, Filters(field=naval()))
    assert [row.key for row in by_field.rows] == [NAVAL]


def test_profile_freshness_buckets(world, kdia, no_filters):
    data = queries.profile_freshness(kdia, no_filters).as_dict()
    assert data["Within 6 months"] == {"verified": 1, "updated": 1}
    assert data["Never"] == {"verified": 0, "updated": 0}
    Company.objects.filter(pk=world.directory.published.pk).update(
        last_verified_at=timezone.now() - timezone.timedelta(days=400),
        updated_at=timezone.now() - timezone.timedelta(days=200),
    )
    data = queries.profile_freshness(kdia, no_filters).as_dict()
    assert data["Over 12 months ago"]["verified"] == 1
    assert data["6 to 12 months ago"]["updated"] == 1


def test_wishlist_funnel_counts_each_stage_once(world, kdia, no_filters):
    funnel = queries.wishlist_funnel(kdia, no_filters)
    # The draft is not counted; the other company's proposal waits; the accepted one went to DAPA.
    assert [row.values[0] for row in funnel.rows] == [2, 1, 1, 1, 1]
    per_programme = queries.wishlist_funnel_by_programme(kdia, no_filters)
    assert [row.key for row in per_programme.rows] == ["DAPA-T-001"]
    assert per_programme.rows[0].values == (2, 1, 1, 1, 1)


def test_wishlist_funnel_follows_visibility_and_filters(world, kdia):
    own = queries.wishlist_funnel(world.users.korean_admin, Filters())
    assert own.column("proposals") == [1, 1, 1, 1, 1]
    assert queries.wishlist_funnel(world.users.foreign, Filters()).is_empty
    assert queries.wishlist_funnel(kdia, Filters(year=1999)).is_empty
    naval_only = queries.wishlist_funnel(kdia, Filters(field=naval()))
    assert naval_only.column("proposals") == [1, 1, 1, 1, 1]  # the other company has no field


def test_event_outcomes(world, kdia, no_filters):
    data = {row.key: row.values[0] for row in queries.event_outcomes(kdia, no_filters).rows}
    assert data["requests"] == 2
    assert data["placed"] == 1
    assert data["mou"] == 0
    assert queries.event_outcomes(kdia, Filters(year=1999)).is_empty


def _approve(world, claim, amount):
    return services.decide_claim(
        claim.pk,
        decision=ClaimStatus.APPROVED,
        approved_usd=Decimal(amount),
        reason="",
        seen_version=claim.updated_at.isoformat(),
        by=world.users.dapa,
    )


@pytest.fixture
def fulfilled(world):
    """The contractor's claim approved in part, a rejected one, and banked credit applied."""
    _approve(world, world.offsets.claim, "200000.00")
    rejected = make_claim(world.offsets.item, world.users.foreign, amount="90000.00", evidence=False)
    services.decide_claim(
        rejected.pk,
        decision=ClaimStatus.REJECTED,
        approved_usd=None,
        reason="No evidence",
        seen_version=rejected.updated_at.isoformat(),
        by=world.users.dapa,
    )
    credits.post(
        world.orgs.foreign,
        credits.Posting(
            LedgerKind.WITHDRAWAL,
            date(2025, 1, 10),
            Decimal("100000.00"),
            agreement=world.offsets.agreement,
        ),
        by=world.users.dapa,
    )
    return world


def test_obligations_per_programme_for_dapa(fulfilled, no_filters):
    data = queries.obligations_by_programme(fulfilled.users.dapa, no_filters)
    rows = {row.key: row.values for row in data.rows}
    assert rows["DAPA-T-001"] == (
        SIXTY_MILLION,
        Decimal("250000.00"),
        Decimal("200000.00"),
        Decimal("100000.00"),
    )
    assert rows["DAPA-T-002"] == (SIXTY_MILLION, 0, 0, 0)


def test_a_contractor_never_sees_another_contractors_obligations(fulfilled, no_filters):
    foreign = fulfilled.users.foreign
    by_programme = queries.obligations_by_programme(foreign, no_filters)
    assert [row.key for row in by_programme.rows] == ["DAPA-T-001"]
    by_contractor = queries.obligations_by_contractor(foreign, no_filters)
    assert [row.label for row in by_contractor.rows] == [str(fulfilled.orgs.foreign)]
    # The rival's claim must not leak into the totals either.
    make_claim(fulfilled.offsets.rival_item, foreign, amount="777.00", evidence=False)
    assert queries.obligations_by_contractor(foreign, no_filters).rows[0].values[1] == Decimal("250000.00")
    for persona in ("korean_admin", "other_korean", "anonymous"):
        user = getattr(fulfilled.users, persona)
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        assert queries.obligations_by_programme(user, no_filters).rows == []


def test_obligations_by_contractor_for_dapa_lists_both(fulfilled, no_filters):
    data = queries.obligations_by_contractor(fulfilled.users.dapa, no_filters)
    assert sorted(row.label for row in data.rows) == sorted(
        [str(fulfilled.orgs.foreign), str(fulfilled.offsets.rival)]
    )


def test_obligation_filters(fulfilled):
    dapa = fulfilled.users.dapa
    assert queries.obligations_by_programme(dapa, Filters(year=2023)).rows == []
    assert len(queries.obligations_by_programme(dapa, Filters(year=2024)).rows) == 2
    # Only the contractor's item names a Korean company (naval); the rival's names none.
    naval_rows = queries.obligations_by_programme(dapa, Filters(field=naval())).rows
    assert [row.key for row in naval_rows] == ["DAPA-T-001"]


def test_a_company_in_two_fields_counts_once_in_each(world, kdia, no_filters):
    company = world.directory.published
    company.fields.add(DefenceField.objects.exclude(code=NAVAL).first())
    data = queries.companies_by_field(kdia, no_filters)
    assert sum(row.values[0] for row in data.rows) == 2
    assert data.as_dict()[naval().name] == {"public": 1, "other": 0}
    by_naval = queries.companies_by_field(kdia, Filters(field=naval())).as_dict()
    assert by_naval == {naval().name: {"public": 1, "other": 0}}
