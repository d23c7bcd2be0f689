"""Requirement texts searched in the background: stored, read back unchanged, used while fresh."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from matching import scoring, services, texts
from matching.models import Requirement, StoredTextResult
from matching.tests.test_scoring import make_requirement, with_hanbit_indexed


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def indexed(world):
    return with_hanbit_indexed(world)


@pytest.fixture
def requirement(indexed):
    return make_requirement(
        indexed.orgs.foreign,
        title_en="landing gear actuator",
        quality_system_en="AS9100",
        capabilities=["Hydraulic components"],
    )


def first_page(requirement):
    page = scoring.rank(requirement, limit=20)
    return [
        (match.company.pk, match.score, [(c.key, c.outcome, c.evidence) for c in match.criteria])
        for match in page.matches
    ]


def searches_fail(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("searched although a fresh stored result exists")

    monkeypatch.setattr(texts, "search_cached", refuse)


def test_stored_results_rank_exactly_as_a_live_search(requirement, monkeypatch):
    live = first_page(requirement)
    assert live, "the fixture must produce matches"
    assert services.store_text_results([requirement.pk]) == 2  # the work package and the quality system
    texts.forget_read()
    searches_fail(monkeypatch)
    assert first_page(requirement) == live


def test_the_payload_round_trip_keeps_every_credit_and_piece_of_evidence(requirement):
    spec = next(spec for spec in scoring._plan(requirement).texts if spec.products)
    searched = texts._searched(spec)
    assert searched.products, "the work package must be credited through a product"
    read = texts._from_payload(spec, texts._payload(searched))
    assert read.share == searched.share
    assert read.semantic == searched.semantic
    assert read.matched == searched.matched
    assert read.products == searched.products
    assert read.complete == searched.complete
    assert read.points_by_company == searched.points_by_company


def test_a_stale_stored_result_is_not_used(requirement, monkeypatch):
    services.store_text_results([requirement.pk])
    StoredTextResult.objects.update(computed_at=timezone.now() - texts.STORED_MAX_AGE - timedelta(seconds=1))
    searches_fail(monkeypatch)
    with pytest.raises(AssertionError, match="searched although"):
        scoring.rank(requirement)


def test_publication_stores_the_texts_and_a_full_refresh_forgets_unused_ones(
    indexed, django_capture_on_commit_callbacks
):
    draft = make_requirement(
        indexed.orgs.foreign, status="pending", title_en="radar dome", experience_en="naval"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(draft.pk, publish=True, note="", by=indexed.users.kdia)
    assert set(StoredTextResult.objects.values_list("query", flat=True)) == {"radar dome", "naval"}
    Requirement.objects.filter(pk=draft.pk).update(experience_en="")
    world_texts = {spec.query for spec in scoring._plan(indexed.matching.published).texts}
    assert services.store_text_results() == len(world_texts) + 1
    assert set(StoredTextResult.objects.values_list("query", flat=True)) == world_texts | {"radar dome"}
