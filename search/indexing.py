"""Keeping the index current: after every commit that touched an indexed object, and on demand."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from search import embeddings, refresh
from search.models import SearchEmbedding, SearchEntry
from search.registry import REGISTRY, Document, Registration, registration_for
from search.structures import rebuilt_afterwards
from search.text import analyse_documents
from search.workers import gather, spread, without_cycle_collection

BATCH = 2000  # objects fetched, analysed, embedded and written together


# Within one request each kind's version is read from the shared cache once: a search page asked
# for it six times, each a round trip (a query, with the database cache).
_per_request = threading.local()


def index_version(kind: str):
    """Changes whenever the kind's index changes; lets processes refresh their caches.

    Kept in the shared cache, so every app server process sees another's change at once. A lost
    key (Redis restarted, a database cache culled) restarts from the current time, never from a
    small number some process may still hold results for.
    """
    seen = getattr(_per_request, "versions", None)
    if seen is not None and kind in seen:
        return seen[kind]
    key = f"search:version:{kind}"
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), None)
        version = cache.get(key, 0)
    if seen is not None:
        seen[kind] = version
    return version


def remember_versions_in_request(**kwargs) -> None:
    """``request_started``: this thread's request reads each version once from now on."""
    _per_request.versions = {}


def forget_versions_after_request(**kwargs) -> None:
    """``request_finished``: outside a request every call reads the shared cache."""
    _per_request.versions = None


def _bump(kind: str) -> None:
    key = f"search:version:{kind}"
    seen = getattr(_per_request, "versions", None)
    if seen is not None:
        seen.pop(kind, None)  # this request changed the index: read the new version
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def index_objects(kind: str, ids) -> int:
    """(Re)index these objects of ``kind``; ids that no longer exist (or are no longer indexed) are removed."""
    registration = registration_for(kind)
    ids = sorted(set(ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        documents = registration.documents(chunk)
        entries = _entries(kind, documents, [own for own, _parts in analyse_documents(documents)])
        vectors = (
            _vectors(kind, _summaries(documents), embeddings.encode_to_bytes)
            if _embedded(registration)
            else []
        )
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind, object_id__in=chunk).delete()
            SearchEmbedding.objects.filter(kind=kind, object_id__in=chunk).delete()
            _write(SearchEntry, ENTRY_COLUMNS, entries)
            _write(SearchEmbedding, EMBEDDING_COLUMNS, vectors)
        written += len(entries)
    _bump(kind)
    return written


def rebuild(kind: str, *, progress=None) -> int:
    """Index every object of ``kind`` from scratch; ``progress(stage, done, total)`` as in ``rebuild_all``."""

    def of_kind(_kind, stage, done, total):
        if progress:
            progress(stage, done, total)

    return rebuild_all([kind], progress=of_kind)[kind]


def rebuild_all(kinds=None, *, progress=None) -> dict[str, int]:
    """Index every object of these kinds (default: all) from scratch; how many of each.

    A kind whose documents contain another kind's (a company its products) is rebuilt together
    with that kind when both are asked for: the parts' entries are written from the same
    analysis, so each product is read and analysed once. The words go first, and the index
    answers queries once they are written; the embeddings of kinds that want them follow.
    Large rebuilds analyse texts and encode embeddings in one worker process per core
    (``search.workers``). ``progress(kind, stage, done, total)`` is called per batch, stage
    being "words" or "embeddings", and once per kind with "searchable" when its words'
    full-text structures are built (see ``search.structures.rebuilt_afterwards``).
    """
    kinds = list(dict.fromkeys(kinds or REGISTRY))
    progress = progress or (lambda *args: None)
    counts: dict[str, int] = {}
    # A kind asked for with the kind whose documents contain it is rebuilt with that kind.
    contained = {registration_for(kind).parts for kind in kinds} & set(kinds)
    with without_cycle_collection():
        for kind in kinds:
            if kind in counts or kind in contained:
                continue
            parts = registration_for(kind).parts
            group = [kind, parts] if parts in contained and parts not in counts else [kind]
            counts.update(_rebuild_group(group, progress))
        for kind in kinds:  # kinds containing each other (no owner went first): each alone
            if kind not in counts:
                counts.update(_rebuild_group([kind], progress))
    return {kind: counts[kind] for kind in kinds}


def _rebuild_group(kinds: list[str], progress) -> dict[str, int]:
    """Rebuild ``kinds``: the first, and the second (its parts' kind) from the same pass if given."""
    registration = registration_for(kinds[0])
    ids = list(registration.queryset().values_list("pk", flat=True).order_by("pk"))
    part_kind = kinds[1] if len(kinds) > 1 else None
    summaries: dict[str, list[tuple[int, str]]] = {kind: [] for kind in kinds}
    embedded = [kind for kind in kinds if _embedded(registration_for(kind))]
    counts = dict.fromkeys(kinds, 0)
    for kind in kinds:
        refresh.new_generation(kind)  # other processes rebuild their derived data rather than update it
    wanted_parts = set()
    if part_kind is not None:
        wanted_parts = set(registration_for(part_kind).queryset().values_list("pk", flat=True))
    with (
        rebuilt_afterwards(connection, kinds),
        spread(analyse_documents, len(ids) + len(wanted_parts)) as analysers,
    ):
        SearchEntry.objects.filter(kind__in=kinds).delete()
        SearchEmbedding.objects.filter(kind__in=kinds).delete()
        for documents, analysed in _analysed_batches(registration, ids, analysers):
            entries = _entries(kinds[0], documents, [own for own, _parts in analysed])
            parts, part_entries = [], []
            if part_kind is not None:
                parts, part_analyses = _wanted(documents, analysed, wanted_parts)
                part_entries = _entries(part_kind, parts, part_analyses)
            with transaction.atomic():
                _write(SearchEntry, ENTRY_COLUMNS, entries + part_entries, rebuilding=True)
            counts[kinds[0]] += len(entries)
            if part_kind is not None:
                counts[part_kind] += len(part_entries)
            for kind, written in ((kinds[0], documents), (part_kind, parts)):
                if kind in embedded:
                    summaries[kind] += _summaries(written)
            progress(kinds[0], "words", counts[kinds[0]], len(ids))
        if part_kind is not None and wanted_parts:  # parts no document of the first kind holds
            rest = _index_rest(part_kind, sorted(wanted_parts), analysers, progress)
            counts[part_kind] += len(rest)
            if part_kind in embedded:
                summaries[part_kind] += _summaries(rest)
    for kind in kinds:  # the full-text structures are back: the words answer queries from now on
        progress(kind, "searchable", counts[kind], counts[kind])
    _analyze()
    for kind in kinds:
        _bump(kind)
    for kind in embedded:
        if summaries[kind]:
            _embed_all(kind, summaries[kind], progress)
    for kind in kinds:
        refresh.new_generation(kind)
        _bump(kind)
    embeddings.forget()
    return counts


def _wanted(documents: list[Document], analysed, wanted: set[int]):
    """The parts of these documents that their own kind indexes, with their analyses; each part
    is taken from ``wanted`` as it is written."""
    parts, analyses = [], []
    for document, (_own, part_analyses) in zip(documents, analysed, strict=True):
        for part, analysis in zip(document.parts, part_analyses, strict=True):
            if part.object_id in wanted:
                wanted.discard(part.object_id)
                parts.append(part)
                analyses.append(analysis)
    return parts, analyses


def _index_rest(kind: str, ids: list[int], analysers, progress) -> list[Document]:
    """Index these objects of ``kind`` in a rebuild; the documents written."""
    written: list[Document] = []
    for documents, analysed in _analysed_batches(registration_for(kind), ids, analysers):
        entries = _entries(kind, documents, [own for own, _parts in analysed])
        with transaction.atomic():
            _write(SearchEntry, ENTRY_COLUMNS, entries, rebuilding=True)
        written += documents
        progress(kind, "words", len(written), len(ids))
    return written


def _analysed_batches(registration: Registration, ids: list[int], analysers):
    """(documents, their analysis) per batch. With worker processes, the next batch is read from
    the database while the workers analyse the one before."""
    chunks = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    waiting = None
    for documents in _read_ahead(registration, chunks):
        if analysers is None:
            yield documents, analyse_documents(documents)
            continue
        if waiting is not None:
            yield waiting[0], gather(waiting[1])
        waiting = (documents, analysers.submit(documents))
    if waiting is not None:
        yield waiting[0], gather(waiting[1])


def _read_ahead(registration: Registration, chunks: list[list[int]]):
    """Each chunk's documents, in order. Outside a transaction (``reindex``), a thread reads the
    next chunk on a connection of its own while the caller writes the current one: reading was
    nearly half of a large rebuild's main process, and the databases run both at once (SQLite
    in WAL mode lets one connection read while another writes). Inside a transaction another
    connection would not see its rows, so the caller reads them itself."""
    if connection.in_atomic_block or len(chunks) < 2:
        for chunk in chunks:
            yield registration.documents(chunk)
        return
    with ThreadPoolExecutor(1) as reader:
        try:
            pending = reader.submit(registration.documents, chunks[0])
            for chunk in chunks[1:]:
                documents = pending.result()
                pending = reader.submit(registration.documents, chunk)
                yield documents
            yield pending.result()
        finally:
            reader.submit(connections.close_all).result()  # the reading thread's own connection


def _embed_all(kind: str, summaries: list[tuple[int, str]], progress) -> None:
    with spread(embeddings.encode_to_bytes, len(summaries)) as encoders:
        for start in range(0, len(summaries), BATCH):
            rows = _vectors(kind, summaries[start : start + BATCH], encoders or embeddings.encode_to_bytes)
            with transaction.atomic():
                _write(SearchEmbedding, EMBEDDING_COLUMNS, rows)
            progress(kind, "embeddings", start + len(rows), len(summaries))
    _analyze()


def _embedded(registration: Registration) -> bool:
    return registration.embed and embeddings.enabled()


def _summaries(documents: list[Document]) -> list[tuple[int, str]]:
    return [(document.object_id, document.summary) for document in documents]


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, so the planner sizes look-ups right
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute("ANALYZE search_searchembedding")


# Rows are written as tuples of these columns (model instances cost a third of a rebuild's
# writing); ``updated_at`` is added when they are written.
ENTRY_COLUMNS = ("kind", "object_id", "title", "body", "codes", "words", "facets", "updated_at")
EMBEDDING_COLUMNS = ("kind", "object_id", "vector")


def _write(model, columns: tuple[str, ...], rows: list[tuple], *, rebuilding: bool = False) -> None:
    """Insert new rows. PostgreSQL gets them through COPY: a many-row INSERT there cost twice
    as much, and psycopg spent a third of that parsing the statement's thousands of parameters.
    SQLite gets one prepared INSERT run for every row, unless the rows are entries written while
    their FTS5 triggers fire (outside a rebuild: see search.structures), where Django's many-row
    INSERTs are faster (a statement per row made the triggers three times slower)."""
    if not rows:
        return
    if "updated_at" in columns:
        now = timezone.now()
        rows = [(*row, now) for row in rows]
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    elif model is SearchEntry and not rebuilding:
        model.objects.bulk_create(model(**dict(zip(columns, row, strict=True))) for row in rows)
    else:
        if "updated_at" in columns:
            stored = connection.ops.adapt_datetimefield_value(now)
            rows = [(*row[:-1], stored) for row in rows]
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608 - our columns
                rows,
            )


def _entries(kind: str, documents: list[Document], analysed) -> list[tuple]:
    """Entry rows (``ENTRY_COLUMNS`` but the time) of these documents and their analyses."""
    return [
        (
            kind,
            document.object_id,
            title,
            body,
            codes,
            words,
            None if document.facets is None else " ".join(document.facets),
        )
        for document, (title, body, codes, words) in zip(documents, analysed, strict=True)
    ]


def _vectors(kind: str, summaries: list[tuple[int, str]], encode_to_bytes) -> list[tuple]:
    """Embedding rows for these (object id, summary) pairs."""
    vectors = encode_to_bytes([summary for _, summary in summaries])
    return [(kind, object_id, vector) for (object_id, _), vector in zip(summaries, vectors, strict=True)]


def schedule(kind: str, ids) -> None:
    """Index these objects once the current transaction commits (at once outside one).

    Changes are collected per transaction and indexed in one batch at commit; a rolled-back
    transaction drops its batch with its on-commit hook.
    """
    ids = {i for i in ids if i is not None}
    if not ids:
        return
    connection = transaction.get_connection()
    queue = getattr(connection, "search_queue", None)
    hook_pending = any(entry[1] is _flush for entry in connection.run_on_commit)
    if queue is None or not hook_pending:
        queue = connection.search_queue = defaultdict(set)
        queue[kind] |= ids
        transaction.on_commit(_flush)  # runs now when not in a transaction
    else:
        queue[kind] |= ids


def _flush() -> None:
    connection = transaction.get_connection()
    queue = getattr(connection, "search_queue", None) or {}
    connection.search_queue = None
    for kind, ids in queue.items():
        index_objects(kind, sorted(ids))


def connect(registration: Registration) -> None:
    """Watch the registered model and the related models that change its documents."""

    def own(sender, instance, **kwargs):
        schedule(registration.kind, [instance.pk])

    post_save.connect(own, sender=registration.model, weak=False, dispatch_uid=f"search-{registration.kind}")
    post_delete.connect(
        own, sender=registration.model, weak=False, dispatch_uid=f"search-del-{registration.kind}"
    )
    for model, resolve in registration.watch.items():

        def related(sender, instance, resolve=resolve, **kwargs):
            schedule(registration.kind, resolve(instance))

        uid = f"search-{registration.kind}-{model._meta.label}"
        post_save.connect(related, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(related, sender=model, weak=False, dispatch_uid=uid + "-del")
    for through in _m2m_throughs(registration.model):

        def m2m(sender, instance, action, pk_set=None, model=None, **kwargs):
            if not action.startswith("post_"):
                return
            if isinstance(instance, registration.model):
                schedule(registration.kind, [instance.pk])
            elif pk_set:
                schedule(registration.kind, pk_set)

        m2m_changed.connect(m2m, sender=through, weak=False, dispatch_uid=f"search-m2m-{through._meta.label}")


def _m2m_throughs(model):
    return [f.remote_field.through for f in model._meta.many_to_many]


def registered_kinds() -> list[str]:
    return list(REGISTRY)
