"""The information pages: seeded in both languages, the rules generated from the policy in force,
the fields and types from the taxonomy tables."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from companies.models import OffsetField
from notices.choices import PageSlug
from notices.models import FaqEntry, InfoPage
from offsets import engine
from offsets.models import MultiplierRule, PolicyVersion

pytestmark = pytest.mark.django_db

TIMES = "\N{MULTIPLICATION SIGN}"


def test_every_page_is_seeded_in_both_languages_and_answers(client):
    assert set(InfoPage.objects.values_list("slug", flat=True)) >= set(PageSlug.values)
    for page in InfoPage.objects.all():
        assert page.title_ko and page.title_en and page.body_ko and page.body_en
        assert client.get(f"/about/{page.slug}/").status_code == 200
    assert FaqEntry.objects.count() >= 6
    assert client.get("/about/").status_code == 200
    assert client.get("/about/nonsense/").status_code == 404


def test_contact_details_are_the_seeds():
    for language in ("en", "ko"):
        html = Client(HTTP_ACCEPT_LANGUAGE=language).get("/about/contact/").content.decode()
        assert "+82-2-3270-6083~4" in html and "+82-2-716-1132" in html
        assert "13F, SungWoo B/D Dohwa-dong, 49 Mapodaero, Mapo-gu, Seoul, Korea" in html


def test_pages_follow_the_readers_language():
    assert (
        "What is offset?" in Client(HTTP_ACCEPT_LANGUAGE="en").get("/about/what-is-offset/").content.decode()
    )
    assert "절충교역이란?" in Client(HTTP_ACCEPT_LANGUAGE="ko").get("/about/what-is-offset/").content.decode()


def in_force() -> PolicyVersion:
    return engine.policy_on(timezone.localdate()).row


def test_the_rules_page_shows_the_policy_in_force(client):
    policy = in_force()
    html = client.get("/about/rules/").content.decode()
    assert "USD 10,000,000.00" in html
    assert "50 % of the estimated main contract amount" in html
    assert "30 % of the estimated main contract amount" in html
    assert policy.name_en in html
    assert f"{TIMES} 3" in html and f"{TIMES} 1.5" in html
    assert "SME, Mid-sized company" in html


def test_changing_the_policy_changes_the_rules_page(client):
    policy = in_force()
    policy.threshold_usd = Decimal("25000000.00")
    policy.min_ratio_sole_source = Decimal("0.4000")
    policy.banking_validity_years = 7
    policy.banking_for_large = True
    policy.cure_period_months = 18
    policy.save()
    MultiplierRule.objects.filter(policy=policy, size_class="sme").update(multiplier=Decimal("4"))
    MultiplierRule.objects.create(policy=policy, offset_field=1, direct=True, multiplier=Decimal("2.25"))
    html = client.get("/about/rules/").content.decode()
    assert "USD 25,000,000.00" in html and "USD 10,000,000.00" not in html
    assert "40 % of the estimated main contract amount" in html
    assert "7 years" in html and "Large company" in html and "18 months" in html
    assert f"{TIMES} 4" in html and f"{TIMES} 3<" not in html
    assert f"{TIMES} 2.25" in html and "1. Technology needed to improve defence capability" in html


def test_the_rules_page_and_the_calculator_read_the_same_version(client):
    policy = in_force()
    policy.threshold_usd = Decimal("12345678.00")
    policy.save()
    assessment = engine.assess(Decimal("12345677.00"), "USD", timezone.localdate(), competitive=True)
    assert not assessment.trigger.triggers  # just under the threshold the page shows
    assert "USD 12,345,678.00" in client.get("/about/rules/").content.decode()


def test_without_a_policy_in_force_the_rules_page_says_so(client):
    PolicyVersion.objects.all().delete()
    response = client.get("/about/rules/")
    assert response.status_code == 200
    assert "No offset policy version is in force today." in response.content.decode()


def test_fields_and_types_come_from_the_taxonomy(client):
    OffsetField.objects.filter(number=4).update(name_en="Export of defence materials (edited)")
    html = client.get("/about/fields-and-types/").content.decode()
    assert "Export of defence materials (edited)" in html
    assert html.count("Only where a condition of one of fields 1 to 5 is met in the same offset") == 2
    assert "Direct, defence" in html and "Indirect, commercial" in html
    assert "Naval ships" in html  # the defence industry fields


def test_faq_page_lists_published_entries_in_order(client):
    FaqEntry.objects.create(question_en="Zeroth question?", answer_en="Yes.", order=0)
    FaqEntry.objects.create(question_en="Hidden question?", answer_en="No.", order=0, published=False)
    html = client.get("/about/faq/").content.decode()
    assert html.index("Zeroth question?") < html.index("Who runs K-OFFSET?")
    assert "Hidden question?" not in html


def test_the_menu_links_the_pages_and_the_board(client):
    html = client.get("/").content.decode()
    for slug in PageSlug.values:
        assert f'href="/about/{slug}/"' in html
    assert 'href="/notices/"' in html
