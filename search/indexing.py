"""Keeping the index current: after every commit that touched an indexed object, and on demand."""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from search import embeddings
from search.models import SearchEntry
from search.registry import REGISTRY, Registration, registration_for
from search.structures import rebuilt_afterwards
from search.text import index_text

BATCH = 2000  # objects fetched, analysed, embedded and written together


def index_version(kind: str):
    """Changes whenever the kind's index changes; lets processes refresh their caches."""
    return cache.get(f"search:version:{kind}", 0)


def _bump(kind: str) -> None:
    key = f"search:version:{kind}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def index_objects(kind: str, ids) -> int:
    """(Re)index these objects of ``kind``; ids that no longer exist (or are no longer indexed) are removed."""
    ids = sorted(set(ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        entries = _entries(kind, chunk)
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind, object_id__in=chunk).delete()
            _write(entries)
        written += len(entries)
    _bump(kind)
    return written


def rebuild(kind: str, *, progress=None) -> int:
    """Index every object of ``kind`` from scratch; ``progress(done, total)`` is called per batch."""
    registration = registration_for(kind)
    ids = list(registration.queryset().values_list("pk", flat=True).order_by("pk"))
    SearchEntry.objects.filter(kind=kind).delete()
    done = 0
    with rebuilt_afterwards(connection, kind):
        for start in range(0, len(ids), BATCH):
            entries = _entries(kind, ids[start : start + BATCH])
            with transaction.atomic():
                _write(entries)
            done += len(entries)
            if progress:
                progress(min(start + BATCH, len(ids)), len(ids))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, so the planner sizes look-ups right
            cursor.execute("ANALYZE search_searchentry")
    _bump(kind)
    embeddings.forget()
    return done


COLUMNS = ("kind", "object_id", "title", "body", "codes", "words", "embedding", "updated_at")


def _write(entries: list[SearchEntry]) -> None:
    """Insert new entries. PostgreSQL gets them through COPY: a many-row INSERT there cost twice
    as much, and psycopg spent a third of that parsing the statement's thousands of parameters."""
    if connection.vendor != "postgresql":
        SearchEntry.objects.bulk_create(entries)
        return
    now = timezone.now()
    columns = ", ".join(COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY search_searchentry ({columns}) FROM STDIN") as copy,
    ):
        for entry in entries:
            entry.updated_at = now
            copy.write_row([getattr(entry, column) for column in COLUMNS])


def _entries(kind: str, ids: list[int]) -> list[SearchEntry]:
    """Index entries for these objects: tokens, codes, English words and (if wanted) embeddings."""
    registration = registration_for(kind)
    documents = registration.documents(ids)
    vectors = (
        embeddings.encode([document.summary for document in documents])
        if registration.embed and embeddings.enabled()
        else None
    )
    entries = []
    for i, document in enumerate(documents):
        title, title_words = index_text(document.title)
        body, body_words = index_text(document.body)
        entries.append(
            SearchEntry(
                kind=kind,
                object_id=document.object_id,
                title=title,
                body=body,
                codes=" ".join(dict.fromkeys(code for code in document.codes if code)),
                words=" ".join(sorted({*title_words, *body_words})),
                embedding=embeddings.to_bytes(vectors[i]) if vectors is not None else None,
            )
        )
    return entries


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
