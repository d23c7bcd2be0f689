"""Checking a backup archive (``core.backup``) and loading it (``manage.py restore``).

Nothing is written until the whole archive has been read and found complete and intact: every
member listed and none more, each with the size and SHA-256 the manifest gives, the manifest
matching its own checksum, and the archive made at this code's migrations. The load is then one
transaction: empty every table, insert the rows with their primary keys, rebuild what the
search index derives from its entries, reset the sequences. Files go to storage while the
transaction is open; when anything fails, the transaction rolls back and the files written are
removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Deserializer
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.backup import (
    CHUNK,
    COPY_BUFFER,
    DATA_PREFIX,
    FILES_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MANIFEST_SUM,
    BackupError,
    Progress,
    _silent,
    backed_up_models,
    migration_state,
    unapplied_migrations,
)

UNREADABLE = (tarfile.TarError, OSError, EOFError, zlib.error)
MAX_PARAMETERS = 60000  # PostgreSQL takes at most 65,535 parameters in one statement


def _open(path: Path):
    try:
        return tarfile.open(path, "r:*")
    except FileNotFoundError:
        raise BackupError(_("No archive at %(path)s.") % {"path": path}) from None
    except UNREADABLE:
        raise BackupError(_("%(path)s is not a readable tar archive.") % {"path": path}) from None


def _hash(stream) -> dict:
    digest, size = hashlib.sha256(), 0
    while block := stream.read(COPY_BUFFER):
        digest.update(block)
        size += len(block)
    return {"size": size, "sha256": digest.hexdigest()}


# --- Verification ---------------------------------------------------------------------------------


def verify(path: Path) -> dict:
    """Read the whole archive and return its manifest, or raise BackupError saying what is wrong."""
    found: dict[str, dict] = {}
    own: dict[str, bytes] = {}
    with _open(path) as archive:
        try:
            for member in archive:
                if not member.isfile():
                    raise BackupError(
                        _("The archive holds %(name)s, which is not a regular file.") % {"name": member.name}
                    )
                if member.name in found or member.name in own:
                    raise BackupError(_("The archive holds %(name)s twice.") % {"name": member.name})
                stream = archive.extractfile(member)
                if member.name in (MANIFEST, MANIFEST_SUM):
                    own[member.name] = stream.read()
                else:
                    found[member.name] = _hash(stream)
        except UNREADABLE as error:
            raise BackupError(
                _("%(path)s is truncated or damaged (%(error)s).") % {"path": path, "error": error}
            ) from None
    manifest = _read_manifest(own)
    _check_members(manifest, found)
    _check_migrations(manifest)
    return manifest


def _read_manifest(own: dict[str, bytes]) -> dict:
    if MANIFEST not in own:
        raise BackupError(_("The archive has no manifest.json: it is incomplete or not a K-OFFSET backup."))
    body = own[MANIFEST]
    expected = own.get(MANIFEST_SUM, b"").decode("ascii", "replace").split(" ")[0].strip()
    if expected != hashlib.sha256(body).hexdigest():
        raise BackupError(
            _("manifest.json does not match manifest.sha256: the manifest was changed or damaged.")
        )
    try:
        manifest = json.loads(body)
        valid = (
            manifest["format"] == FORMAT
            and isinstance(manifest["members"], dict)
            and all(
                isinstance(entry, dict)
                and isinstance(entry["size"], int)
                and isinstance(entry["sha256"], str)
                for entry in manifest["members"].values()
            )
            and isinstance(manifest["migrations"], dict)
            and all(
                isinstance(table["model"], str) and isinstance(table["count"], int) and table["member"]
                for table in manifest["models"]
            )
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        valid = False
    if not valid:
        raise BackupError(_("manifest.json is not a valid K-OFFSET backup manifest."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("The archive has format version %(theirs)s; this code reads version %(ours)s.")
            % {"theirs": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
    return manifest


def _check_members(manifest: dict, found: dict[str, dict]) -> None:
    listed = manifest["members"]
    for name in sorted(listed):
        if name not in found:
            raise BackupError(
                _("%(name)s is listed in the manifest but missing from the archive.") % {"name": name}
            )
        if found[name] != listed[name]:
            raise BackupError(
                _("%(name)s is damaged: its size or SHA-256 differs from the manifest.") % {"name": name}
            )
        if not _safe(name):
            raise BackupError(_("%(name)s is not a name a backup member may have.") % {"name": name})
    for name in sorted(found):
        if name not in listed:
            raise BackupError(
                _("%(name)s is in the archive but not listed in the manifest.") % {"name": name}
            )
    ours = {model._meta.label_lower for model in backed_up_models()}
    theirs = {table["model"] for table in manifest["models"]}
    for table in manifest["models"]:
        if table["member"] not in listed or not table["member"].startswith(DATA_PREFIX):
            raise BackupError(
                _("The manifest names no data member for %(model)s.") % {"model": table["model"]}
            )
    for label in sorted(ours ^ theirs):
        raise BackupError(
            _("The archive's tables differ from this code's: %(model)s is in only one of them.")
            % {"model": label}
        )


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        name.startswith((DATA_PREFIX, FILES_PREFIX))
        and not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
    )


def _check_migrations(manifest: dict) -> None:
    ours, theirs = migration_state(), manifest["migrations"]
    for app in sorted(set(ours) | set(theirs)):
        if ours.get(app) != theirs.get(app):
            raise BackupError(
                _(
                    "The archive was made at migration %(theirs)s of %(app)s, but this code is at %(ours)s: "
                    "restore it with the K-OFFSET version that made it."
                )
                % {
                    "app": app,
                    "theirs": ", ".join(theirs.get(app) or []) or "-",
                    "ours": ", ".join(ours.get(app) or []) or "-",
                }
            )


def check_target(manifest: dict) -> None:
    """Refuse a database that this code's migrations have not all been applied to, and files in
    storage that would be overwritten by different bytes under the same name."""
    pending = unapplied_migrations()
    if pending:
        raise BackupError(
            _("The database lacks migrations of this code (%(names)s): run migrate first.")
            % {"names": ", ".join(pending[:5])}
        )
    for member, entry in manifest["members"].items():
        if not member.startswith(FILES_PREFIX):
            continue
        name = member.removeprefix(FILES_PREFIX)
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stream:
                if _hash(stream) != entry:
                    raise BackupError(
                        _("Storage already holds a different file named %(name)s.") % {"name": name}
                    )


def rows_held() -> dict[str, int]:
    """Rows in the tables that a freshly migrated database leaves empty and a database in use
    never does: user accounts and companies (migrations fill taxonomies, content types and
    permissions, so "no rows at all" would call every new database full)."""
    counts = {}
    for label in ("accounts.user", "companies.company"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model._base_manager.using(connection.alias).count()
    return {label: count for label, count in counts.items() if count}


# --- Loading --------------------------------------------------------------------------------------


def load(path: Path, manifest: dict, *, progress: Progress = _silent) -> None:
    """Replace the database's contents and add the files, in one transaction (see the module)."""
    written: list[str] = []
    models = {model._meta.label_lower: model for model in backed_up_models()}
    tables = {table["member"]: table for table in manifest["models"]}
    first_error: list[BaseException] = []
    try:
        with _open(path) as archive, transaction.atomic():
            with _search_structures_rebuilt(progress):
                # The first error is the one to report: leaving the block may fail again after it.
                try:
                    _flush()
                    progress(_("database emptied"))
                    for member in archive:
                        entry = manifest["members"].get(member.name)
                        if member.name in tables:
                            table = tables[member.name]
                            stream = _Checked(archive.extractfile(member), entry, member.name)
                            _load_table(models[table["model"]], table, stream, progress)
                        elif entry is not None:
                            stream = _Checked(archive.extractfile(member), entry, member.name)
                            _write_file(member.name.removeprefix(FILES_PREFIX), stream, written)
                    _reset_sequences(list(models.values()))
                except BaseException as error:
                    first_error.append(error)
                    raise
            connection.check_constraints()
    except BaseException as error:
        for name in written:
            with contextlib.suppress(OSError):
                default_storage.delete(name)
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        cause = first_error[0] if first_error else error
        if isinstance(cause, BackupError):
            raise cause from None
        raise BackupError(
            _("The restore failed and was undone (%(error)s).")
            % {"error": f"{type(cause).__name__}: {' '.join(str(cause).split())}"}
        ) from cause
    progress(
        ngettext("%(count)d file written to storage", "%(count)d files written to storage", len(written))
        % {"count": len(written)}
    )
    _forget_search_caches()


class _Checked(io.RawIOBase):
    """A member's bytes, checked again against the manifest as they are read: the archive may
    have changed on disk since it was verified."""

    def __init__(self, stream, entry: dict, name: str):
        self.stream, self.entry, self.name = stream, entry, name
        self.digest, self.size = hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        self.size += len(data)
        if not data and {"size": self.size, "sha256": self.digest.hexdigest()} != self.entry:
            raise BackupError(_("%(name)s changed while it was being restored.") % {"name": self.name})
        return len(data)


def _flush() -> None:
    """Empty every table Django manages, without the post_migrate signal ``manage.py flush``
    sends: that would make content types and permissions the archive then brings again."""
    if connection.vendor == "postgresql":
        # PostgreSQL refuses to TRUNCATE a table with deferred constraint checks still pending
        # from earlier writes in the same transaction (a caller's, a test's): run them now.
        connection.check_constraints()
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _load_table(model, table: dict, stream, progress: Progress) -> None:
    """Insert a table's rows as they are read, a batch per statement. Rows are inserted as they
    were (``raw``): ``auto_now`` fields keep their values and no signal fires, so nothing is
    notified, recorded in history or queued for indexing."""
    label = table["model"]
    fields = [field for field in model._meta.local_concrete_fields if not field.generated]
    size = max(
        1, min(CHUNK, MAX_PARAMETERS // len(fields), connection.ops.bulk_batch_size(fields, range(CHUNK)))
    )
    manager = model._base_manager.using(connection.alias)
    batch, count = [], 0

    def rows():
        for line in io.TextIOWrapper(io.BufferedReader(stream, COPY_BUFFER), encoding="utf-8"):
            row = json.loads(line)
            if not isinstance(row, dict) or row.get("model") != label:
                raise BackupError(_("%(name)s holds a row of another table.") % {"name": table["member"]})
            yield row

    try:
        for deserialized in Deserializer(rows(), using=connection.alias):
            batch.append(deserialized.object)
            if len(batch) >= size:
                manager._insert(batch, fields=fields, using=connection.alias, raw=True)
                count += len(batch)
                batch = []
        if batch:
            manager._insert(batch, fields=fields, using=connection.alias, raw=True)
            count += len(batch)
    except (ValueError, DeserializationError) as error:
        raise BackupError(
            _("%(name)s could not be read: %(error)s") % {"name": table["member"], "error": error}
        ) from None
    if count != table["count"]:
        raise BackupError(
            _("%(name)s holds %(found)d rows; the manifest says %(listed)d.")
            % {"name": table["member"], "found": count, "listed": table["count"]}
        )
    if count:
        progress(_("table %(model)s: %(count)d rows") % {"model": label, "count": count})


def _write_file(name: str, stream, written: list[str]) -> None:
    if default_storage.exists(name):  # the same bytes: check_target refused different ones
        return
    content = File(io.BufferedReader(stream, COPY_BUFFER), name=name)
    content.size = stream.entry["size"]  # some storages (S3) ask before reading
    saved = default_storage.save(name, content)
    written.append(saved)
    if saved != name:
        raise BackupError(_("Storage saved %(name)s under another name.") % {"name": name})


def _reset_sequences(models) -> None:
    """The next id of each table follows its largest restored one (PostgreSQL; SQLite's
    AUTOINCREMENT follows explicit ids by itself)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@contextlib.contextmanager
def _search_structures_rebuilt(progress: Progress):
    """The search index's full-text structures (FTS5 tables, GIN indexes) are derived from its
    entries: set aside while the rows are loaded and built once at the end, as ``reindex`` does.
    The search app is reached through the registry, lazily: core imports no app at load time."""
    if not apps.is_installed("search"):
        yield
        return
    from search.registry import REGISTRY
    from search.structures import rebuilt_afterwards

    with rebuilt_afterwards(connection, list(REGISTRY)):
        yield
        progress(_("rebuilding the search index's full-text structures"))


def _forget_search_caches() -> None:
    if not apps.is_installed("search"):
        return
    from search.indexing import index_objects, registered_kinds
    from search.refresh import new_generation
    from search.service import forget_caches

    for kind in registered_kinds():
        new_generation(kind)  # restored entries keep their old times: rebuild, do not update
        index_objects(kind, [])  # indexes nothing; tells every process the kind's index changed
    forget_caches()
