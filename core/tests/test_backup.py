"""manage.py backup and restore: a round trip keeps every row, file and search result; a damaged,
partial, tampered or foreign archive is refused before anything is written."""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from accounts.choices import MembershipRole, OrganizationKind
from companies.models import Company
from companies.testing import png_bytes
from core.backup import MANIFEST, MANIFEST_SUM, backed_up_models
from core.testing import make_org, make_user
from search.service import forget_caches, search


@pytest.fixture(autouse=True)
def in_english():
    # Operators read the commands' messages in the site's default language (Korean); these tests
    # compare the English wording.
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def stored_files(root) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def backup(path, **options) -> str:
    err = io.StringIO()
    call_command("backup", output=str(path), stdout=io.StringIO(), stderr=err, **options)
    return err.getvalue()


def restore(path, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def found(query: str) -> list[int]:
    forget_caches()
    return [hit.object_id for hit in search(query, kind="company", semantic=False).hits]


# --- Round trip ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # commits: the index follows them, the snapshot is a real one
def test_a_round_trip_brings_back_every_row_file_and_search_result(media, world, tmp_path):
    company = world.directory.published
    photo = world.directory.photo
    attachment = world.wishlists.attachment
    before = counts()
    files_before = stored_files(media)
    hits_before = found("소나 트랜스듀서")
    assert company.pk in hits_before
    assert {photo.image.name, photo.thumbnail.name, attachment.file.name} <= set(files_before)
    archive = tmp_path / "site.tar.gz"

    progress = backup(archive)

    assert "table companies.company" in progress  # progress goes to stderr
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile(MANIFEST))
    assert manifest["format"] == "k-offset-backup"
    assert manifest["database_vendor"] in ("sqlite", "postgresql")
    assert manifest["created_at"].endswith("Z")
    assert "companies" in manifest["migrations"]
    assert {t["model"]: t["count"] for t in manifest["models"]}["companies.company"] == before[
        "companies.company"
    ]
    photo_entry = manifest["members"]["files/" + photo.image.name]
    assert photo_entry == {
        "size": len(files_before[photo.image.name]),
        "sha256": hashlib.sha256(files_before[photo.image.name]).hexdigest(),
    }

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert Company.objects.count() == 0
    assert found("소나 트랜스듀서") == []

    output = restore(archive)

    assert "Restored" in output
    assert counts() == before
    assert stored_files(media) == files_before
    again = Company.objects.get(pk=company.pk)
    assert (again.name_ko, again.name_en, again.status) == (company.name_ko, company.name_en, company.status)
    assert again.updated_at == company.updated_at  # auto_now fields keep their values
    assert set(again.fields.values_list("code", flat=True)) == {"naval"}
    assert again.logo.read() == files_before[company.logo.name]
    assert found("소나 트랜스듀서") == hits_before
    assert found("Garam Precision")[0] == company.pk
    # New rows continue after the restored ids (sequences reset on PostgreSQL).
    newcomer = make_org(OrganizationKind.KOREAN_COMPANY, name_ko="새봄기계", name_en="Saebom Machinery")
    assert newcomer.pk > world.orgs.waiting.pk


# --- Refusals --------------------------------------------------------------------------------------


@pytest.fixture
def archive(media, db, tmp_path):
    """A small database with a company logo, backed up to an uncompressed tar (easy to damage)."""
    org = make_org(OrganizationKind.KOREAN_COMPANY, name_ko="한결정밀", name_en="Hangyeol Precision")
    make_user(org, MembershipRole.ADMIN)
    company = Company.objects.get(organization=org)
    company.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    path = tmp_path / "small.tar"
    backup(path, quiet=True)
    return path


def members(path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path) as opened:
        return [(info, opened.extractfile(info).read()) for info in opened.getmembers()]


def write_members(path, entries) -> None:
    with tarfile.open(path, "w") as out:
        for info, data in entries:
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def rewrite_manifest(entries, change) -> list:
    """Edit the manifest and give it a matching checksum: an archive that is consistent but wrong."""
    result, manifest = [], None
    for info, data in entries:
        if info.name == MANIFEST:
            manifest = json.loads(data)
            change(manifest)
            data = json.dumps(manifest).encode()
            digest = hashlib.sha256(data).hexdigest()
        result.append((info, data))
    return [
        (info, f"{digest}  {MANIFEST}\n".encode() if info.name == MANIFEST_SUM else data)
        for info, data in result
    ]


def refused(path, *args) -> str:
    """Run the restore, expect a one-line refusal, and check that nothing was written."""
    media = Path(settings.MEDIA_ROOT)
    before, files = counts(), stored_files(media)
    with pytest.raises(CommandError) as error:
        restore(path, *args)
    assert counts() == before
    assert stored_files(media) == files
    message = str(error.value)
    assert "\n" not in message
    return message


def flip_first_byte(entries, prefix: str) -> tuple[list, str]:
    result, flipped = [], None
    for info, data in entries:
        if flipped is None and info.name.startswith(prefix) and data:
            data, flipped = bytes([data[0] ^ 0x01]) + data[1:], info.name
        result.append((info, data))
    return result, flipped


def test_a_flipped_byte_in_a_table_is_refused(archive, tmp_path):
    entries, name = flip_first_byte(members(archive), "data/companies.company")
    damaged = tmp_path / "flipped.tar"
    write_members(damaged, entries)
    assert refused(damaged, "--yes") == f"{name} is damaged: its size or SHA-256 differs from the manifest."


def test_a_flipped_byte_in_a_file_is_refused(archive, tmp_path):
    entries, name = flip_first_byte(members(archive), "files/")
    damaged = tmp_path / "flipped.tar"
    write_members(damaged, entries)
    assert name.startswith("files/companies/logos/")
    assert "is damaged" in refused(damaged, "--yes")


def test_a_truncated_compressed_archive_is_refused(archive, tmp_path):
    compressed = tmp_path / "whole.tar.gz"
    with tarfile.open(compressed, "w:gz") as out:
        for info, data in members(archive):
            out.addfile(info, io.BytesIO(data))
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(compressed.read_bytes()[: compressed.stat().st_size // 2])
    assert "is truncated or damaged" in refused(cut, "--yes")


def test_an_archive_cut_before_its_manifest_is_refused(archive, tmp_path):
    with tarfile.open(archive) as opened:
        offset = opened.getmember(MANIFEST).offset
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[:offset])
    assert refused(cut, "--yes") == (
        "The archive has no manifest.json: it is incomplete or not a K-OFFSET backup."
    )


def test_something_that_is_not_a_tar_is_refused(db, media, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"K-OFFSET" * 200)
    assert refused(junk, "--yes") == f"{junk} is not a readable tar archive."


def test_a_removed_member_is_refused(archive, tmp_path):
    entries = [(info, data) for info, data in members(archive) if info.name != "data/accounts.user.jsonl"]
    partial = tmp_path / "partial.tar"
    write_members(partial, entries)
    assert refused(partial, "--yes") == (
        "data/accounts.user.jsonl is listed in the manifest but missing from the archive."
    )


def test_an_extra_member_is_refused(archive, tmp_path):
    extra = tarfile.TarInfo("files/companies/logos/planted.png")
    tampered = tmp_path / "extra.tar"
    write_members(tampered, [*members(archive), (extra, png_bytes())])
    assert refused(tampered, "--yes") == (
        "files/companies/logos/planted.png is in the archive but not listed in the manifest."
    )


def test_an_edited_manifest_is_refused(archive, tmp_path):
    entries = []
    for info, data in members(archive):
        if info.name == MANIFEST:
            data = data.replace(b'"database_vendor"', b'"database_vendor" ', 1)
        entries.append((info, data))
    edited = tmp_path / "edited.tar"
    write_members(edited, entries)
    assert refused(edited, "--yes") == (
        "manifest.json does not match manifest.sha256: the manifest was changed or damaged."
    )


def test_a_manifest_with_a_wrong_checksum_is_refused_even_when_it_matches_its_own_sum(archive, tmp_path):
    def change(manifest):
        manifest["members"]["data/companies.company.jsonl"]["sha256"] = "0" * 64

    edited = tmp_path / "edited.tar"
    write_members(edited, rewrite_manifest(members(archive), change))
    assert "data/companies.company.jsonl is damaged" in refused(edited, "--yes")


def test_an_archive_from_other_migrations_is_refused_naming_the_app(archive, tmp_path):
    def change(manifest):
        manifest["migrations"]["companies"] = ["0001_initial"]

    older = tmp_path / "older.tar"
    write_members(older, rewrite_manifest(members(archive), change))
    message = refused(older, "--yes")
    assert message.startswith(
        "The archive was made at migration 0001_initial of companies, but this code is at "
    )


def test_a_database_with_data_is_kept_unless_the_replacement_is_confirmed(archive):
    message = refused(archive)
    assert message.startswith("The database already holds data (accounts.user: 1, companies.company: 1)")


def test_check_reads_the_archive_and_writes_nothing(archive):
    Company.objects.update(name_en="Changed Since")
    output = restore(archive, "--check")
    assert output.startswith("The archive is complete and intact:")
    assert Company.objects.get().name_en == "Changed Since"


def test_a_confirmed_restore_replaces_the_data_and_keeps_ids(archive):
    company = Company.objects.get()
    Company.objects.update(name_en="Changed Since")
    org = make_org(OrganizationKind.KOREAN_COMPANY, name_ko="다른회사", name_en="Later Works")

    restore(archive, "--yes")

    assert list(Company.objects.values_list("pk", "name_en")) == [(company.pk, "Hangyeol Precision")]
    assert not Company.objects.filter(organization_id=org.pk).exists()


def test_a_load_that_fails_is_undone_with_its_files(archive, tmp_path):
    """An archive that passes every check but whose rows break a foreign key: the transaction
    rolls back and the files already written to storage are removed again."""
    entries = []
    for info, data in members(archive):
        if info.name == "data/companies.company.jsonl":
            row = json.loads(data)
            row["fields"]["organization"] = 987654
            data = (json.dumps(row) + "\n").encode()
        entries.append((info, data))

    def change(manifest):
        for info, data in entries:
            if info.name in manifest["members"]:
                manifest["members"][info.name] = {
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }

    broken = tmp_path / "broken.tar"
    write_members(broken, rewrite_manifest(entries, change))
    shutil.rmtree(settings.MEDIA_ROOT)  # so the restore writes the logo, then must remove it

    message = refused(broken, "--yes")

    assert message.startswith("The restore failed and was undone (IntegrityError")
    assert Company.objects.get().name_en == "Hangyeol Precision"


def test_a_file_missing_from_storage_is_left_out_and_reported_even_when_quiet(media, db, tmp_path):
    org = make_org(OrganizationKind.KOREAN_COMPANY, name_ko="솔빛항공", name_en="Solbit Aero")
    company = Company.objects.get(organization=org)
    company.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    (Path(media) / company.logo.name).unlink()
    path = tmp_path / "gap.tar.gz"

    warnings = backup(path, quiet=True)

    assert warnings.strip() == "1 referenced file was missing from storage and is not in the archive."
    assert path.stat().st_mode & 0o777 == 0o600  # password hashes and contacts: owner only
    with tarfile.open(path) as opened:
        manifest = json.load(opened.extractfile(MANIFEST))
        assert not [name for name in opened.getnames() if name.startswith("files/")]
    assert manifest["files"] == {"count": 0, "missing": [company.logo.name]}
