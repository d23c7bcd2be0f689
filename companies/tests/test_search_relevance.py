"""The judged relevance set of the directory search, and the engine measured against it.

The set (companies/search_relevance.tsv) was judged by reading the demo companies' texts;
search/evaluation.py computes recall@3 and MRR. The thresholds below are a little under
what the engine reached (docs/search.md): a change that loses relevance fails here.
The same top-3 rankings must come out of SQLite and PostgreSQL (search_golden.json).
"""

import json
from collections import Counter

import pytest
from django.core.management import call_command

from companies.search import GOLDEN_PATH, RELEVANCE_PATH, ranked_brns
from core.identifiers import brn_is_valid
from search.evaluation import CATEGORIES, evaluate, load_judgements


@pytest.fixture(scope="module")
def judged():
    return load_judgements(RELEVANCE_PATH)


def test_the_relevance_file_has_enough_queries_in_every_category(judged):
    assert len(judged) >= 70
    counts = Counter(judgement.category for judgement in judged)
    assert set(counts) == set(CATEGORIES)
    assert all(counts[category] >= 6 for category in CATEGORIES), counts


def test_every_relevant_company_is_a_valid_registration_number(judged):
    bad = {
        (judgement.query, brn)
        for judgement in judged
        for brn in judgement.relevant
        if len(brn) != 10 or not brn.isdigit() or not brn_is_valid(brn)
    }
    assert not bad


def test_no_query_is_judged_twice_in_a_category(judged):
    pairs = Counter((judgement.category, judgement.query) for judgement in judged)
    assert [pair for pair, count in pairs.items() if count > 1] == []


def test_the_three_demo_companies_are_judged_relevant_several_times(judged):
    for brn in ("0000101011", "0000102024", "0000103038"):  # 솔바람정밀, 은하수방산테크, 가을빛복합소재
        assert sum(brn in judgement.relevant for judgement in judged) >= 3, brn


# Reached on the demo data (docs/search.md), minus a margin for harmless reordering.
MINIMUM_RECALL_AT_3 = {"overall": 0.95}
MINIMUM_CATEGORY_RECALL_AT_3 = 0.85


# Data migrations whose rows the demo needs. pytest-django runs this module (no database marker)
# after the transactional tests, whose closing flush empties those tables; the rows go back
# inside this module's transaction and are rolled back with the demo.
SEEDING_MIGRATIONS = (
    ("companies.migrations.0002_default_taxonomies", "load"),
    ("offsets.migrations.0002_shipped_policy_versions", "load"),
    ("consultations.migrations.0002_default_themes", "add_themes"),
    ("notices.migrations.0002_first_pages", "load"),
)


def _put_back_migrated_rows():
    import importlib

    from django.apps import apps

    from offsets.models import PolicyVersion

    if not PolicyVersion.objects.exists():
        for name, function in SEEDING_MIGRATIONS:
            getattr(importlib.import_module(name), function)(apps, None)


@pytest.fixture(scope="module")
def demo_index(django_db_blocker, django_db_setup):
    """The demo directory loaded and indexed once for this module (rolled back at the end)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        transaction.set_autocommit(False)
        try:
            _put_back_migrated_rows()
            call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
        finally:
            transaction.rollback()
            transaction.set_autocommit(True)


def test_relevance_holds(demo_index, judged):
    report = evaluate(judged, lambda query: ranked_brns(query, kind="company"))
    assert report.overall.recall_at_3 >= MINIMUM_RECALL_AT_3["overall"], report.table()
    weak = [score for score in report.categories if score.recall_at_3 < MINIMUM_CATEGORY_RECALL_AT_3]
    assert weak == [], report.table()


def test_both_databases_rank_the_same(demo_index, judged):
    golden = json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))
    differences = {
        judgement.query: (ranked_brns(judgement.query, kind="company")[:3], golden[judgement.query])
        for judgement in judged
        if ranked_brns(judgement.query, kind="company")[:3] != golden[judgement.query]
    }
    assert differences == {}
