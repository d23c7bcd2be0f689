"""Per-process data derived from the index (spelling vocabulary, embedding matrix) follows the
index by updates from the entries written since the last read, and by full builds when needed."""

import numpy as np
import pytest

from search import embeddings, refresh, vocabulary
from search.indexing import index_version, rebuild
from search.tests.test_engine import company


class Recorder:
    """A derived value made of the words it was built or updated with."""

    def __init__(self):
        self.calls = []

    def build(self, kind):
        self.calls.append(("build", kind))
        return ("built",)

    def update(self, kind, value, since):
        self.calls.append(("update", kind, since))
        return (*value, "updated")


@pytest.fixture
def derived(monkeypatch, settings):
    monkeypatch.setattr(refresh, "UPDATE_MIN_AGE", 0)
    recorder = Recorder()
    return recorder, refresh.IndexDerived(
        recorder.build, update=recorder.update, min_age=3600, rows=lambda value: 1
    )


def test_a_changed_index_is_followed_by_an_update_from_the_entries_written_since_the_last_read(derived):
    recorder, value = derived
    assert value.get("company", 1) == ("built",)
    first_read = value._held["company"].read_from
    assert value.get("company", 1) == ("built",)  # same version: nothing read
    assert value.get("company", 2) == ("built", "updated")
    assert [call[0] for call in recorder.calls] == ["build", "update"]
    # Re-read from before the previous read began: late commits and clock skew are still seen.
    assert recorder.calls[1][2] == first_read - refresh.OVERLAP
    assert value.get("company", 3) == ("built", "updated", "updated")
    assert recorder.calls[2][2] > recorder.calls[1][2]


def test_a_full_reindex_or_an_old_full_build_means_building_again(derived, monkeypatch):
    recorder, value = derived
    value.min_age = 0  # full builds as often as asked
    value.get("company", 1)
    refresh.new_generation("company")  # another process rebuilt the whole index
    assert value.get("company", 2) == ("built",)
    assert value.get("company", 3) == ("built", "updated")
    monkeypatch.setattr(refresh, "FULL_BUILD_EVERY", 0)  # an hour later
    assert value.get("company", 4) == ("built",)
    assert [call[0] for call in recorder.calls] == ["build", "build", "update", "build"]


def test_without_an_update_the_value_is_built_again_after_its_minimum_age(monkeypatch):
    builds = []
    value = refresh.IndexDerived(
        lambda kind: builds.append(kind) or len(builds), min_age=3600, rows=lambda value: 1
    )
    monkeypatch.setattr(refresh, "UPDATE_MIN_AGE", 0)
    assert value.get("product", "a") == 1
    assert value.get("product", "b") == 1  # not an hour old yet
    value.min_age = 0
    assert value.get("product", "b") == 2


def vectors(*seeds):
    rows = []
    for seed in seeds:
        vector = np.random.default_rng(seed).normal(size=embeddings.DIMENSIONS)
        rows.append((vector / np.linalg.norm(vector)).astype(np.float16))
    return rows


@pytest.mark.parametrize("exact_limit", [embeddings.EXACT_LIMIT, 3])
def test_a_matrix_update_replaces_adds_and_blanks_vectors(monkeypatch, exact_limit):
    monkeypatch.setattr(embeddings, "EXACT_LIMIT", exact_limit)  # 3: the projected path
    monkeypatch.setattr(embeddings, "PROJECTED_DIMENSIONS", 4)
    a, b, c, d, e, replacement, newcomer = vectors(1, 2, 3, 4, 5, 6, 7)
    matrix = embeddings._Matrix.from_rows([10, 20, 30, 40, 50], [v.tobytes() for v in (a, b, c, d, e)])
    updated = matrix.replaced({20: replacement.tobytes(), 60: newcomer.tobytes(), 30: None, 70: None})

    def best(matrix, query):
        rows, scores = matrix.similarities(query.astype(np.float32))
        return int(matrix.ids[rows[int(np.argmax(scores))]]), float(scores.max())

    assert best(updated, replacement) == (20, pytest.approx(1.0, abs=1e-2))
    assert best(updated, newcomer) == (60, pytest.approx(1.0, abs=1e-2))
    rows, scores = updated.similarities(c.astype(np.float32))
    blanked = {int(updated.ids[row]): score for row, score in zip(rows, scores, strict=True)}
    assert blanked.get(30, 0.0) == 0.0  # no longer embedded: similar to nothing
    assert 70 not in updated.ids.tolist()  # nothing to add for an object without a vector
    assert best(matrix, b) == (20, pytest.approx(1.0, abs=1e-2))  # the old matrix is untouched
    assert best(updated.replaced({60: a.tobytes()}), a)[1] == pytest.approx(1.0, abs=1e-2)


@pytest.mark.django_db
def test_a_new_profile_reaches_the_vocabulary_and_the_matrix_by_update(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(refresh, "UPDATE_MIN_AGE", 0)
    with django_capture_on_commit_callbacks(execute=True):
        company(name_en="Amberline Optics", description_en="Periscope prisms for armoured vehicles.")
    rebuild("company")
    vocabulary.forget()
    embeddings.forget()
    full_builds = []
    monkeypatch.setattr(vocabulary._vocabularies, "_build", _counting(vocabulary._index_words, full_builds))
    monkeypatch.setattr(embeddings._matrices, "_build", _counting(embeddings._load, full_builds))
    known = vocabulary.vocabulary_for("company", index_version("company"))
    assert not known.knows("hydrofoil")
    query = embeddings.encode(["hydrofoil stabiliser fins"])[0]
    before = embeddings.nearest("company", query, limit=5, version=index_version("company"), minimum=0)
    assert len(before) == 1

    with django_capture_on_commit_callbacks(execute=True):
        newcomer = company(name_en="Keelwright Marine", description_en="Hydrofoil stabiliser fins.")
    version = index_version("company")
    assert vocabulary.vocabulary_for("company", version).knows("hydrofoil")
    nearest = embeddings.nearest("company", query, limit=5, version=version, minimum=0)
    assert nearest[0][0] == newcomer.pk
    assert len(nearest) == 2
    assert full_builds == ["company", "company"]  # the first reads only: the rest were updates


def _counting(build, calls):
    def counted(kind):
        calls.append(kind)
        return build(kind)

    return counted


@pytest.mark.django_db
def test_a_request_reads_each_index_version_once_and_sees_its_own_changes(monkeypatch, client):
    from django.core.cache import cache

    from search import indexing

    index_version("company")  # the key exists
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append(key) or real_get(key, *args))
    indexing.remember_versions_in_request()  # as at the start of a request
    first = index_version("company")
    assert index_version("company") == first
    assert len(reads) == 1
    indexing._bump("company")  # this request changed the index
    assert index_version("company") != first
    indexing.forget_versions_after_request()
    reads.clear()
    index_version("company"), index_version("company")
    assert len(reads) == 2  # outside a request every call reads the shared value
    reads.clear()
    client.get("/companies/", {"q": "radar"})  # a search page asks for the version many times
    assert reads.count("search:version:company") == 1
    index_version("company")
    assert reads.count("search:version:company") == 2  # the request's memo went with it


@pytest.mark.django_db
def test_word_counts_are_shared_between_processes_and_outlive_edits(monkeypatch):
    from search import indexing, service

    counted = []

    class Engine:
        def count_many(self, kind, terms, limit):
            counted.append(len(terms))
            return [1234 + len(terms)] * len(terms)

    terms = {0: ("radar",), 1: ("antenna",)}
    assert service._counts_of(Engine(), "company", terms) == {0: 1236, 1: 1236}
    service._df.clear()  # another app server process: nothing counted in its memory
    indexing._bump("company")  # and a profile was edited meanwhile
    assert service._counts_of(Engine(), "company", terms) == {0: 1236, 1: 1236}
    assert service._counts_of(Engine(), "company", {0: ("radar",), 2: ("sonar",)}) == {0: 1236, 2: 1235}
    assert counted == [2, 1]  # only the new word was counted again
    monkeypatch.setattr(service, "DF_MAX_AGE", 0)  # ten minutes later
    service._df.clear()
    from django.core.cache import cache

    cache.clear()
    service._counts_of(Engine(), "company", terms)
    assert counted == [2, 1, 2]
