"""The search service over a small fictional directory, on whichever database the suite runs."""

import contextlib

import numpy as np
import pytest
from django.urls import reverse

from companies.choices import CompanyStatus
from companies.models import Company, Product
from conftest import client_for
from core.testing import fictional_brn
from search.indexing import index_objects, rebuild, rebuild_all
from search.models import GlossaryEntry
from search.service import forget_caches, search
from search.tests.test_text_and_query import HOSTILE


def company(name_ko="", name_en="", description_ko="", description_en="", **extra):
    return Company.objects.create(
        brn=fictional_brn(),
        name_ko=name_ko,
        name_en=name_en,
        description_ko=description_ko,
        description_en=description_en,
        status=CompanyStatus.PUBLISHED,
        **extra,
    )


@pytest.fixture
def firms(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _firms()


def _firms():
    firms = {
        "blade": company("한솔터빈", description_ko="항공기 엔진용 터빈 블레이드 정밀 가공 전문 기업입니다."),
        "gear": company(
            name_en="Westgate Hydraulics", description_en="We build landing gear actuators for trainers."
        ),
        "radome": company("다온복합", description_ko="복합재 레이돔과 방탄판을 생산합니다."),
        "noise": company("누리전자", description_ko="전술 무전기와 안테나를 개발합니다."),
    }
    product = Product.objects.create(
        company=firms["noise"], name_en="Bearing housing", nsn="1560011234567", hs_code="848210"
    )
    firms["product"] = product
    rebuild("company")
    rebuild("product")
    forget_caches()
    return firms


def ranked(query, kind="company"):
    return [hit.object_id for hit in search(query, kind=kind).hits]


@pytest.mark.parametrize("query", ["터빈블레이드를", "터빈 블레이드의", "터빈블레이드", "블레이드"])
def test_korean_spacing_particles_and_compound_parts(firms, query):
    assert ranked(query)[0] == firms["blade"].pk


def test_cross_language_through_the_glossary(firms):
    assert ranked("turbine blade machining")[0] == firms["blade"].pk
    assert ranked("착륙장치")[0] == firms["gear"].pk
    assert ranked("radome")[0] == firms["radome"].pk


def test_glossary_entries_added_by_kdia_are_used(firms):
    assert firms["noise"].pk not in ranked("walkie talkie")
    GlossaryEntry.objects.create(korean="무전기", english="walkie talkie")
    forget_caches()
    assert ranked("walkie talkie")[0] == firms["noise"].pk


def test_codes_jump_to_the_top(firms):
    assert ranked(firms["gear"].brn_display)[0] == firms["gear"].pk
    assert ranked("1560-01-123-4567")[0] == firms["noise"].pk
    assert ranked("8482")[:1] == []  # four digits alone are not a code
    assert ranked("848210", kind="product") == [firms["product"].pk]


def test_stems_and_typos(firms):
    assert ranked("actuator")[0] == firms["gear"].pk
    assert ranked("actuater")[0] == firms["gear"].pk  # one-letter typo in a 5+ letter word


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_fail(firms, text):
    result = search(text)
    assert isinstance(result.hits, list)


def test_index_follows_saves_and_deletes_after_commit(firms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        firms["noise"].description_en = "Sonar transducers for submarines."
        firms["noise"].save()
    assert ranked("sonar")[0] == firms["noise"].pk
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.create(company=firms["blade"], name_en="Periscope optics")
    assert ranked("periscope") == [firms["blade"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        firms["blade"].delete()
    assert ranked("periscope") == []


def test_directory_q_ranks_explains_and_combines_with_facets(firms, client):
    index_objects("company", [c.pk for c in Company.objects.all()])
    response = client.get(reverse("companies:company_list"), {"q": "landing gear"})
    assert [c.pk for c in response.context["companies"]] == [firms["gear"].pk]
    body = response.content.decode()
    assert "<mark>landing gear</mark>" in body
    Company.objects.filter(pk=firms["gear"].pk).update(region="busan")
    response = client.get(reverse("companies:company_list"), {"q": "landing gear", "region": "seoul"})
    assert response.context["page"].paginator.count == 0
    assert response.context["count_without_filters"] == 1  # the empty result offers the way out


def test_api_q_orders_by_relevance_and_respects_visibility(firms, world):
    hidden = Company.objects.create(
        brn=fictional_brn(), name_en="Hidden landing gear works", status=CompanyStatus.DRAFT
    )
    rebuild("company")
    forget_caches()
    body = client_for(world, "anonymous").get("/api/v1/companies", {"q": "landing gear"}).json()
    brns = [item["brn"] for item in body["items"]]
    assert brns[0] == firms["gear"].brn and hidden.brn not in brns
    assert client_for(world, "kdia").get("/api/v1/companies", {"q": "landing gear"}).json()["count"] == 2


def test_capped_look_ups_still_weigh_common_words_by_their_count(firms, monkeypatch):
    from search import service
    from search.backends import backend
    from search.query import Phrase
    from search.text import english_stem

    for i in range(12):
        company(f"공압밸브{i}", description_en=f"Pneumatic valves, series {i}.")
    rebuild("company")
    forget_caches()
    engine, phrases = backend(), (Phrase((english_stem("pneumatic"),)),)
    everything = engine.match("company", phrases, "text", 1000)
    assert engine.count("company", [phrases], 1000) == len(everything) == 12
    assert engine.count("company", [phrases], 5) == 5
    assert len(engine.match("company", phrases, "text", 3)) == 3
    # 'pneumatic' is common (12 firms, capped at 3 below) and the gear maker does not use it; which
    # 3 a capped look-up returns is the index's order, so the gear maker matches only through
    # 'landing gear'. Its score is that share of the query's weight: the same only if the capped
    # word still weighs as a word of 12 firms, not of 3.
    uncapped = search("pneumatic landing gear")
    counted = []

    class Spy:
        def match_many(self, *args):
            return engine.match_many(*args)

        def count_many(self, *args):
            counted.append(args)
            return engine.count_many(*args)

    monkeypatch.setattr(service, "LOOKUP_LIMIT", 3)
    monkeypatch.setattr(service, "backend", Spy)
    capped = search("pneumatic landing gear")
    assert counted  # the capped terms were counted in the index, for their weight
    assert capped.hits[0].object_id == uncapped.hits[0].object_id == firms["gear"].pk
    assert capped.hits[0].score == pytest.approx(uncapped.hits[0].score)
    assert capped.index_ms > 0


def test_a_kind_whose_index_went_missing_gets_it_back_with_its_entries(
    firms, django_capture_on_commit_callbacks
):
    from django.db import connection

    from search.structures import ensure, fts_table

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER {fts_table('company')}_{suffix}")
            cursor.execute(f"DROP TABLE {fts_table('company')}")
        else:
            cursor.execute("DROP INDEX search_company_text_gin")
    ensure(connection)
    assert ranked("landing gear")[0] == firms["gear"].pk
    with django_capture_on_commit_callbacks(execute=True):
        firms["gear"].delete()  # the remade index forgets as it should
    assert firms["gear"].pk not in ranked("landing gear")


def test_a_large_rebuild_spreads_analysis_and_encoding_over_worker_processes(firms, monkeypatch):
    """Above PARALLEL_MINIMUM documents a rebuild analyses texts and encodes embeddings in one
    worker process per core; the index it writes must be the one a single process writes."""
    from search import indexing, workers
    from search.models import SearchEmbedding, SearchEntry

    def stored():
        entries = SearchEntry.objects.order_by("kind", "object_id").values_list(
            "kind", "object_id", "title", "body", "codes", "words"
        )
        vectors = SearchEmbedding.objects.order_by("kind", "object_id").values_list("object_id", "vector")
        return list(entries), [(pk, bytes(vector)) for pk, vector in vectors]

    alone = stored()
    monkeypatch.setattr(workers, "PARALLEL_MINIMUM", 1)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    spread_out = []
    real_spread = indexing.spread

    @contextlib.contextmanager
    def counted(function, count):
        with real_spread(function, count) as pool:
            spread_out.append((function.__name__, pool is not None))
            yield pool

    monkeypatch.setattr(indexing, "spread", counted)
    rebuild("company")
    rebuild("product")
    assert spread_out == [("analyse_documents", True), ("encode_to_bytes", True), ("analyse_documents", True)]
    entries, vectors = stored()
    assert entries == alone[0]
    assert [pk for pk, _ in vectors] == [pk for pk, _ in alone[1]]
    for (_, mine), (_, theirs) in zip(vectors, alone[1], strict=True):  # float16 bytes, same model
        assert np.allclose(np.frombuffer(mine, np.float16), np.frombuffer(theirs, np.float16), atol=1e-3)


def _token_sets():
    from search.models import SearchEntry

    rows = SearchEntry.objects.values_list("kind", "object_id", "title", "body", "codes", "words", "facets")
    return {
        (kind, pk): (set(title.split()), set(f"{title} {body}".split()), set(codes.split()), words, facets)
        for kind, pk, title, body, codes, words, facets in rows
    }


def test_rebuilding_companies_and_products_together_writes_the_index_of_each_rebuilt_alone(
    firms, monkeypatch
):
    """Companies are rebuilt with their products as parts: each product analysed once, for its
    own entry and its company's. What a search can find must be what separate rebuilds store."""
    from search.registry import registration_for

    alone = _token_sets()
    products = registration_for("product")
    read_on_their_own = []
    monkeypatch.setattr(products, "documents", lambda ids: read_on_their_own.append(ids) or [])
    assert rebuild_all(["product", "company"]) == {"product": 1, "company": Company.objects.count()}
    assert read_on_their_own == []  # every product came as a part of its company
    assert _token_sets() == alone
    assert ranked("bearing housing")[0] == firms["noise"].pk
    assert ranked("1560011234567", kind="product") == [firms["product"].pk]


def test_parts_no_rebuilt_document_holds_are_indexed_on_their_own(firms, monkeypatch):
    from search.registry import registration_for

    alone = _token_sets()
    registration = registration_for("company")
    monkeypatch.setattr(registration, "queryset", lambda: Company.objects.exclude(pk=firms["noise"].pk))
    stages = []
    counts = rebuild_all(progress=lambda *args: stages.append(args))
    assert counts == {"company": Company.objects.count() - 1, "product": 1}
    assert ("product", "words", 1, 1) in stages
    assert ("product", "searchable", 1, 1) in stages
    expected = {key: value for key, value in alone.items() if key != ("company", firms["noise"].pk)}
    assert _token_sets() == expected


@pytest.mark.django_db(transaction=True)  # commits: pytest-django runs it after the tests that roll back
def test_a_rebuild_outside_a_transaction_builds_every_full_text_structure(monkeypatch):
    """As ``reindex`` runs: the next batch's documents are read by a thread of its own and, on
    PostgreSQL, the GIN indexes are built side by side on connections of their own. The index is
    the one a rebuild inside a transaction writes; afterwards every kind answers and follows
    changes."""
    import threading

    from django.db import connection, transaction

    from search import indexing, structures
    from search.registry import registration_for

    monkeypatch.setattr(structures, "worker_count", lambda: 2)
    firms = _firms()
    with transaction.atomic():  # read by the rebuilding thread itself
        rebuild_all()
    in_transaction = _token_sets()
    monkeypatch.setattr(indexing, "BATCH", 1)  # one object a batch: the next is read ahead by a thread
    companies = registration_for("company")
    read_by, documents = [], companies.documents
    monkeypatch.setattr(
        companies, "documents", lambda ids: read_by.append(threading.get_ident()) or documents(ids)
    )
    assert rebuild_all() == {"company": Company.objects.count(), "product": 1}
    assert set(read_by) - {threading.get_ident()}
    assert _token_sets() == in_transaction
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search\\_%%\\_gin'")
            expected = {
                f"search_{kind}_{field}_gin" for kind in ("company", "product") for field in structures.FIELDS
            }
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_fts_%%'"
            )
            expected = {
                f"search_fts_{kind}_{suffix}"
                for kind in ("company", "product")
                for suffix in ("ai", "ad", "au")
            }
        assert {name for (name,) in cursor.fetchall()} == expected
    assert ranked("landing gear")[0] == firms["gear"].pk
    assert ranked("bearing housing", kind="product") == [firms["product"].pk]
    added = company("아라솔테크", description_ko="소형 함정용 조타 장치")
    assert ranked("아라솔테크")[0] == added.pk


def test_rebuild_writes_words_before_embeddings_and_reports_both(firms):
    from search.models import SearchEmbedding, SearchEntry

    stages = []
    count = rebuild("company", progress=lambda stage, done, total: stages.append((stage, done, total)))
    companies = Company.objects.count()
    assert count == companies
    assert stages[:2] == [("words", companies, companies), ("searchable", companies, companies)]
    assert stages[-1] == ("embeddings", companies, companies)
    assert SearchEntry.objects.filter(kind="company").count() == companies
    assert SearchEmbedding.objects.filter(kind="company").count() == companies
    assert not SearchEmbedding.objects.filter(kind="product").exists()  # products carry no embedding


def test_a_rebuild_leaves_the_index_answering_and_following_changes(
    firms, django_capture_on_commit_callbacks
):
    """A rebuild writes entries with the full-text structures set aside and builds them at the end:
    afterwards searches find what was rebuilt, and saves and deletes are followed again."""
    rebuild("company")
    assert ranked("landing gear")[0] == firms["gear"].pk
    with django_capture_on_commit_callbacks(execute=True):
        added = company("아라솔테크", description_ko="소형 함정용 조타 장치")
        firms["gear"].delete()
    assert ranked("아라솔테크")[0] == added.pk
    assert firms["gear"].pk not in ranked("landing gear")


def test_a_failed_rebuild_still_leaves_the_full_text_structures(
    firms, monkeypatch, django_capture_on_commit_callbacks
):
    def interrupted(stage, done, total):
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        rebuild("company", progress=interrupted)
    rebuild("company")  # what an operator does next
    assert ranked("landing gear")[0] == firms["gear"].pk
    with django_capture_on_commit_callbacks(execute=True):
        firms["gear"].delete()
    assert firms["gear"].pk not in ranked("landing gear")


def test_an_index_left_without_its_triggers_is_filled_again_by_ensure(firms):
    """A SQLite rebuild killed midway leaves the table emptied and the triggers dropped; migrate's
    ensure() puts both back with every entry."""
    from django.db import connection

    from search.structures import SQLITE_EMPTY, SQLITE_TRIGGERS, ensure, fts_table

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 tables only; PostgreSQL's GIN indexes are remade by the same call")
    table = fts_table("company")
    with connection.cursor() as cursor:
        for suffix in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {table}_{suffix}")
        cursor.execute(SQLITE_EMPTY.format(table=table))
    assert ranked("landing gear") == []
    ensure(connection)
    assert ranked("landing gear")[0] == firms["gear"].pk


def test_a_slow_rebuild_of_index_data_runs_beside_the_searches_that_keep_the_old_value(monkeypatch):
    """Big directories rebuild their embedding matrix and vocabulary in the background."""
    import threading

    from search import refresh

    release = threading.Event()
    builds = []

    def build(kind):
        builds.append(kind)
        if len(builds) > 1:
            release.wait(5)  # the rebuild is slow
        return f"value {len(builds)}"

    derived = refresh.IndexDerived(build, min_age=0, rows=lambda value: 1)
    monkeypatch.setattr(refresh, "BACKGROUND_ABOVE_ROWS", 0)  # as if built from a big directory
    assert derived.get("company", 1) == "value 1"
    # The index moved on: the caller is not kept waiting and gets the previous value meanwhile.
    assert derived.get("company", 2) == "value 1"
    assert derived.get("company", 2) == "value 1"
    release.set()
    for _ in range(100):
        if derived.get("company", 2) == "value 2":
            break
        threading.Event().wait(0.05)
    assert derived.get("company", 2) == "value 2"
    assert builds == ["company", "company"]  # one rebuild, however many searches asked meanwhile


def test_a_quick_rebuild_of_index_data_happens_in_the_search_that_needs_it():
    from search import refresh

    builds = []
    derived = refresh.IndexDerived(
        lambda kind: builds.append(kind) or len(builds), min_age=0, rows=lambda value: 1
    )
    assert derived.get("product", "a") == 1
    assert derived.get("product", "a") == 1
    assert derived.get("product", "b") == 2
