"""Backups: one tar archive holding the database as engine-neutral JSON lines, the uploaded
files, and a manifest with every member's size and SHA-256 (docs/operations.md).

Written by ``manage.py backup``, checked and loaded by ``manage.py restore`` (``core.restore``).
Every model's rows are kept with their primary keys, content types and permissions included,
so foreign keys and generic relations need no natural keys and a restore is an exact copy.
The search index's entries and embeddings are rows like any other (computing the embeddings
again is the slow part of ``reindex``); only the full-text structures made from the entries
(FTS5 tables, GIN indexes) are rebuilt after a restore.

core imports no app: the models come from the app registry, as ``load_demo`` finds each
app's ``demo.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time
from pathlib import Path

import django
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT = "k-offset-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# The manifest's own checksum (sha256sum's format): an edited manifest is refused too.
MANIFEST_SUM = "manifest.sha256"
DATA_PREFIX = "data/"
FILES_PREFIX = "files/"
CHUNK = 2000  # rows read from the database per round trip
COPY_BUFFER = 1024 * 1024

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


class BackupError(Exception):
    """A backup or restore refused or failed; the message is one line, for the operator."""


# --- What is backed up ---------------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages, in dependency order (a row's foreign keys point to rows loaded
    before it, except along cycles, which the database's deferred constraints allow).

    Many-to-many link tables are models of their own here, written with a multi-row INSERT
    instead of one ``.set()`` per object."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return _dependency_order(chosen)


def _dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    ordered: list[type[models.Model]] = []
    state: dict[type[models.Model], str] = {}
    wanted = set(chosen)

    def visit(model):
        if state.get(model):
            return  # done, or on the current path (a cycle: deferred constraints cover it)
        state[model] = "visiting"
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target is not model:
                target = target._meta.concrete_model
                if target in wanted:
                    visit(target)
        state[model] = "done"
        ordered.append(model)

    for model in sorted(chosen, key=lambda m: m._meta.label_lower):
        visit(model)
    return ordered


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def migration_state(using=connection) -> dict[str, list[str]]:
    """The latest migration(s) of each app in this code (the leaves of its migration graph)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state: dict[str, list[str]] = {}
    for app_label, name in loader.graph.leaf_nodes():
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def unapplied_migrations(using=connection) -> list[str]:
    loader = MigrationLoader(using, ignore_no_migrations=True)
    return sorted(
        f"{app}.{name}" for app, name in loader.graph.nodes if (app, name) not in loader.applied_migrations
    )


def member_name(model: type[models.Model]) -> str:
    return f"{DATA_PREFIX}{model._meta.label_lower}.jsonl"


# --- Writing a backup ----------------------------------------------------------------------------


@contextlib.contextmanager
def snapshot(using=connection) -> Iterator[None]:
    """Read everything from one consistent state of the database.

    PostgreSQL: one REPEATABLE READ, READ ONLY transaction. SQLite: one deferred read
    transaction, begun by hand because this project's connections begin theirs IMMEDIATE,
    which would hold the write lock (and stop every writer) for the whole backup; with WAL a
    reader sees one state while writers carry on. Inside an outer transaction (tests) reads
    already share it.
    """
    if using.in_atomic_block:
        yield
        return
    using.ensure_connection()
    if using.vendor == "postgresql":
        using.set_autocommit(False)
        try:
            with using.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        finally:
            using.rollback()
            using.set_autocommit(True)
        return
    with using.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED" if using.vendor == "sqlite" else "BEGIN")
    try:
        yield
    finally:
        with using.cursor() as cursor:
            cursor.execute("ROLLBACK")


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (it cuts them to milliseconds, as
    ECMAScript does): a restore must give back the values it was given, ``updated_at`` included."""

    def default(self, o):
        if isinstance(o, datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, time):
            return o.isoformat()
        return super().default(o)


class _LineSerializer(PythonSerializer):
    """Django's serialization of each row (the form ``dumpdata`` writes), one JSON object per
    line, written as it is made: no table is held in memory. Many-to-many values are left out:
    the link tables are written as models of their own."""

    def __init__(self, write_line):
        super().__init__()
        self.write_line = write_line
        self.count = 0

    def end_object(self, obj):
        self.write_line(json.dumps(self.get_dump_object(obj), cls=_ExactEncoder, ensure_ascii=False))
        self._current = None
        self.count += 1

    def handle_m2m_field(self, obj, field):
        pass


class _HashingWriter:
    """Writes bytes to a file and keeps their size and SHA-256."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)

    def entry(self) -> dict:
        return {"size": self.size, "sha256": self.digest.hexdigest()}


def default_output(now: datetime) -> Path:
    return Path(f"koffset-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz")


def tar_mode(path: Path, writing: bool) -> str:
    if not writing:
        return "r:*"
    return "w:gz" if path.name.endswith((".tar.gz", ".tgz")) else "w"


def write_backup(output: Path, *, progress: Progress = _silent) -> dict:
    """Write the archive to ``output`` and return its manifest.

    The tables go to a temporary directory beside ``output`` first (a tar member's size must
    be known before its bytes), then into the archive with the referenced files and the
    manifest. The archive is written under a temporary name and renamed when complete, so a
    failed or interrupted backup never leaves a partial archive under the name asked for.
    """
    pending = unapplied_migrations()
    if pending:
        raise BackupError(
            _("The database lacks migrations of this code (%(names)s): run migrate first.")
            % {"names": ", ".join(pending[:5])}
        )
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".koffset-backup-") as work:
        work = Path(work)
        with snapshot():
            tables, members = _dump_tables(work, progress)
            names = _referenced_files(progress)
        partial = output.with_name(f".{output.name}.partial")
        try:
            # Owner-only from the first byte: the archive holds password hashes and contacts.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(descriptor, "wb") as handle,
                tarfile.open(fileobj=handle, mode=tar_mode(output, writing=True)) as archive,
            ):
                for table in tables:
                    with (work / table["member"]).open("rb") as data:
                        _add_stream(archive, table["member"], data, members[table["member"]]["size"])
                missing = _add_files(archive, names, members, progress)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created.isoformat().replace("+00:00", "Z"),
                    "database_vendor": connection.vendor,
                    "django_version": django.get_version(),
                    "migrations": migration_state(),
                    "models": tables,
                    "files": {"count": len(names) - len(missing), "missing": missing},
                    "members": members,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                _add_bytes(archive, MANIFEST, body)
                _add_bytes(
                    archive, MANIFEST_SUM, f"{hashlib.sha256(body).hexdigest()}  {MANIFEST}\n".encode()
                )
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _dump_tables(work: Path, progress: Progress) -> tuple[list[dict], dict[str, dict]]:
    tables, members = [], {}
    for model in backed_up_models():
        name = member_name(model)
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            writer = _HashingWriter(handle)
            serializer = _LineSerializer(lambda line, writer=writer: writer.write(line.encode() + b"\n"))
            rows = model._base_manager.using(connection.alias).order_by("pk").iterator(chunk_size=CHUNK)
            serializer.serialize(rows)
        members[name] = writer.entry()
        tables.append({"model": model._meta.label_lower, "member": name, "count": serializer.count})
        if serializer.count:
            progress(
                _("table %(model)s: %(count)d rows")
                % {"model": model._meta.label_lower, "count": serializer.count}
            )
    return tables, members


def _referenced_files(progress: Progress) -> list[str]:
    """The names of the files some row refers to, each once. Only these are backed up: storage
    may also hold files whose rows were deleted, which a restored database would never use."""
    names: set[str] = set()
    for model in backed_up_models():
        for field in file_fields(model):
            rows = (
                model._base_manager.using(connection.alias)
                .exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
            )
            names.update(rows.values_list(field.attname, flat=True).iterator(chunk_size=CHUNK))
    progress(
        ngettext("%(count)d file referenced", "%(count)d files referenced", len(names))
        % {"count": len(names)}
    )
    return sorted(names)


def _add_files(archive, names: list[str], members: dict[str, dict], progress: Progress) -> list[str]:
    """Copy each file from storage into the archive; return the names storage no longer has
    (recorded in the manifest and reported, not fatal: the rest of the backup is still good)."""
    missing = []
    for done, name in enumerate(names, start=1):
        member = FILES_PREFIX + name
        with tempfile.TemporaryFile() as copy:
            writer = _HashingWriter(copy)
            try:
                with default_storage.open(name, "rb") as source:
                    while block := source.read(COPY_BUFFER):
                        writer.write(block)
            except OSError:  # FileNotFoundError, or a storage that failed to read it
                missing.append(name)
                progress(_("missing from storage, left out: %(name)s") % {"name": name})
                continue
            copy.seek(0)
            _add_stream(archive, member, copy, writer.size)
        members[member] = writer.entry()
        if done % 500 == 0 or done == len(names):
            progress(_("files: %(done)d of %(total)d") % {"done": done, "total": len(names)})
    return missing


def _add_stream(archive, name: str, stream, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, stream)


def _add_bytes(archive, name: str, data: bytes) -> None:
    _add_stream(archive, name, io.BytesIO(data), len(data))
