"""Directory import: reading CSV/XLSX, every refusal rule, all-or-nothing writes, commands and jobs."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from companies import jobs
from companies.importing import TableError, import_companies, import_products, read_table
from companies.models import (
    Capability,
    Certification,
    CertificationType,
    Company,
    ImportJob,
    ImportKind,
    ImportStatus,
    Product,
    ProductCategory,
)
from core.identifiers import brn_check_digit

COMPANY_HEADER = [
    "brn",
    "name_ko",
    "name_en",
    "size_class",
    "region",
    "fields",
    "capabilities",
    "certifications",
    "offset_fields",
    "website",
    "founded",
    "employees",
]


def brn(serial: int) -> str:
    """A fictional registration number: tax office 000 is never issued."""
    first_nine = f"000{serial:06d}"
    return first_nine + str(brn_check_digit(first_nine))


def bad_check_digit(serial: int) -> str:
    good = brn(serial)
    return good[:9] + str((int(good[9]) + 1) % 10)


def csv_file(rows, *, bom: bool = True) -> io.BytesIO:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"))


def xlsx_file(rows) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def company_row(serial: int, **overrides) -> list[str]:
    values = {
        "brn": brn(serial),
        "name_ko": f"가상정밀{serial}",
        "name_en": f"Fictional Precision {serial}",
        "size_class": "sme",
        "region": "gyeonggi",
        "fields": "naval;firepower",
        "capabilities": "Precision machining; Welding",
        "certifications": "ISO 9001",
        "offset_fields": "1;3",
        "website": "https://fictional.example",
        "founded": "1998",
        "employees": "120",
    }
    values.update(overrides)
    return [values[column] for column in COMPANY_HEADER]


def import_rows(rows, **kwargs):
    return import_companies(csv_file([COMPANY_HEADER, *rows]), "companies.csv", **kwargs)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- reading files ------------------------------------------------------------------------


def test_read_table_numbers_lines_and_skips_empty_rows():
    header, rows = read_table(csv_file([[" BRN ", "Name_KO"], ["1", " a "], ["", ""], ["2", "b"]]), "x.csv")
    assert header == ["BRN", "Name_KO"]
    assert rows == [(2, {"BRN": "1", "Name_KO": "a"}), (4, {"BRN": "2", "Name_KO": "b"})]


def test_read_table_converts_xlsx_cells_to_text():
    source = xlsx_file(
        [["a", "b", "c", "d", "e"], [1998, 120.0, 2.5, date(2024, 5, 1), datetime(2024, 5, 1, 9, 30)]]
    )
    _, rows = read_table(source, "x.xlsx")
    assert rows == [(2, {"a": "1998", "b": "120", "c": "2.5", "d": "2024-05-01", "e": "2024-05-01T09:30:00"})]


def test_read_table_keeps_cells_without_a_header_name_for_refusal():
    _, rows = read_table(csv_file([["brn", ""], ["1", "stray", "more"]]), "x.csv")
    assert rows == [(2, {"brn": "1", "#2": "stray", "#3": "more"})]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "x.csv", "The file is empty."),
        (b"\xef\xbb\xbf\r\n\r\n", "x.csv", "The file is empty."),
        ("회사,이름\n".encode("cp949"), "x.csv", "The file is not UTF-8 text"),
        ("brn\n1\n".encode("utf-16"), "x.csv", "This is not a UTF-8 CSV file"),
        (b"brn\n1\n", "x.txt", "Only CSV (.csv) and Excel (.xlsx) files can be imported."),
        (b"\xd0\xcf\x11\xe0rest", "x.xls", "Old Excel (.xls) files cannot be read"),
        (b"not a workbook", "x.xlsx", "This is not a readable Excel (.xlsx) file."),
        (b"PK\x03\x04broken", "x.xlsx", "This is not a readable Excel (.xlsx) file."),
    ],
)
def test_read_table_refuses_unreadable_files(data, filename, message):
    with pytest.raises(TableError) as caught:
        read_table(io.BytesIO(data), filename)
    assert caught.value.message.startswith(message)


@pytest.mark.django_db
def test_unreadable_file_is_reported_as_an_error_not_raised():
    result = import_companies(io.BytesIO(b""), "x.csv")
    assert result.errors == ["The file is empty."]


# --- companies: the happy path --------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_published_companies_with_their_lists():
    capabilities_before = Capability.objects.count()
    result = import_rows(
        [
            company_row(
                900001,
                capabilities="precision MACHINING; Laser peening; 레이저 가공",
                certifications="iso 9001; Fictional Quality Mark",
                offset_fields="1;6",
                website="fictional.example",
                region="경기도",
            ),
            company_row(900002, name_ko="", fields="", capabilities="", certifications="", offset_fields=""),
        ]
    )
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    company = Company.objects.get(brn=brn(900001))
    assert company.status == "published"
    assert company.last_verified_at is not None
    assert company.region == "gyeonggi"
    assert company.website == "https://fictional.example"
    assert (company.founded, company.employees, company.size_class) == (1998, 120, "sme")
    assert sorted(company.fields.values_list("code", flat=True)) == ["firepower", "naval"]
    assert sorted(company.offset_fields.values_list("number", flat=True)) == [1, 6]
    assert sorted(company.capabilities.values_list("name_en", flat=True)) == [
        "",
        "Laser peening",
        "Precision machining",
    ]
    assert company.capabilities.filter(name_ko="레이저 가공", name_en="").exists()
    assert Capability.objects.count() == capabilities_before + 2
    assert sorted(Certification.objects.filter(company=company).values_list("type__name_en", flat=True)) == [
        "Fictional Quality Mark",
        "ISO 9001",
    ]
    # One history record per company, holding its lists as imported.
    record = Company.history.get(id=company.pk)
    assert record.history_type == "+"
    assert sorted(record.fields.values_list("defencefield__code", flat=True)) == ["firepower", "naval"]
    assert Certification.history.filter(company_id=company.pk).count() == 2
    other = Company.objects.get(brn=brn(900002))
    assert (other.name_ko, other.fields.count(), other.capabilities.count()) == ("", 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_and_without_bom(bom):
    source = csv_file([["brn", "name_ko"], [brn(900010), "가상기술"]], bom=bom)
    result = import_companies(source, "companies.csv")
    assert (result.created, result.errors) == (1, [])
    assert Company.objects.get(brn=brn(900010)).name_ko == "가상기술"


@pytest.mark.django_db
def test_xlsx_import_with_numeric_cells():
    source = xlsx_file(
        [["BRN", "Name_EN", "Founded", "Employees"], [brn(900020), "Fictional Optics", 2001, 45.0]]
    )
    result = import_companies(source, "companies.xlsx")
    assert (result.created, result.errors) == (1, [])
    company = Company.objects.get(brn=brn(900020))
    assert (company.name_en, company.founded, company.employees) == ("Fictional Optics", 2001, 45)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("서울특별시", "seoul"),
        ("충북", "chungbuk"),
        ("경상남도", "gyeongnam"),
        ("North Jeolla", "jeonbuk"),
        ("GYEONGGI", "gyeonggi"),
    ],
)
def test_region_accepts_codes_english_labels_and_korean_names(text, code):
    result = import_rows([company_row(900030, region=text)])
    assert result.errors == []
    assert Company.objects.get(brn=brn(900030)).region == code


@pytest.mark.django_db
def test_hyphenated_brn_is_stored_as_digits():
    number = brn(900040)
    hyphenated = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    assert import_rows([company_row(900040, brn=hyphenated)]).created == 1
    assert Company.objects.filter(brn=number).exists()


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing():
    rows = [company_row(900050), company_row(900051, capabilities="Fictional new process")]
    assert import_rows(rows).created == 2
    stamps = dict(Company.objects.values_list("brn", "updated_at"))
    history = Company.history.count()
    capabilities = Capability.objects.count()

    result = import_rows(rows)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, [])
    assert dict(Company.objects.values_list("brn", "updated_at")) == stamps
    assert Company.history.count() == history
    assert Capability.objects.count() == capabilities


@pytest.mark.django_db
def test_reimport_updates_changed_rows_and_replaces_lists_only_when_the_column_is_present():
    import_rows([company_row(900060), company_row(900061)])
    Certification.objects.create(
        company=Company.objects.get(brn=brn(900060)), type=CertificationType.objects.get(name_en="AS9100")
    )
    result = import_rows([company_row(900060, fields="cbrn", certifications="NADCAP"), company_row(900061)])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    company = Company.objects.get(brn=brn(900060))
    assert list(company.fields.values_list("code", flat=True)) == ["cbrn"]
    latest = Company.history.filter(id=company.pk).latest("history_date", "history_id")
    assert latest.history_type == "~"
    assert list(latest.fields.values_list("defencefield__code", flat=True)) == ["cbrn"]
    # Certifications are only ever added: the one entered by hand stays.
    assert sorted(company.certifications.values_list("type__name_en", flat=True)) == [
        "AS9100",
        "ISO 9001",
        "NADCAP",
    ]
    # Without the fields column the stored fields stay.
    result = import_companies(csv_file([["brn", "employees"], [brn(900060), "130"]]), "c.csv")
    assert result.updated == 1
    company.refresh_from_db()
    assert company.employees == 130
    assert list(company.fields.values_list("code", flat=True)) == ["cbrn"]


@pytest.mark.django_db
def test_progress_is_reported_from_zero_to_the_row_count():
    calls = []
    import_rows(
        [company_row(900070 + i) for i in range(5)], progress=lambda done, total: calls.append((done, total))
    )
    assert calls[0] == (0, 5)
    assert calls[-1] == (5, 5)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# --- companies: refusals ---------------------------------------------------------------------


@pytest.mark.django_db
def test_one_bad_row_means_nothing_is_written_and_every_error_is_listed():
    capabilities = Capability.objects.count()
    result = import_rows(
        [
            company_row(900100, capabilities="Fictional brand-new process"),
            company_row(900101, brn=bad_check_digit(900101)),
            company_row(900102, region="Atlantis"),
            company_row(900103, offset_fields="9", fields="space"),
        ]
    )
    assert result.errors == [
        "line 3, column brn: This business registration number fails its check digit; please check it.",
        "line 4, column region: unknown region: Atlantis",
        "line 5, column fields: unknown defence field code: space; the codes are: "
        "firepower, ammunition, mobility, aircraft_guided, naval, c4i_electronics, cbrn, other",
        "line 5, column offset_fields: offset field must be 1 to 7",
    ]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert not Company.objects.filter(brn__startswith="0009001").exists()
    assert Capability.objects.count() == capabilities


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"brn": "12345"}, "column brn: A business registration number has 10 digits, written XXX-XX-XXXXX."),
        ({"brn": ""}, "column brn: a business registration number is required"),
        ({"name_ko": "", "name_en": ""}, "column name_ko: give name_ko or name_en"),
        ({"size_class": "huge"}, "column size_class: size class must be sme, mid or large"),
        ({"region": "Mars"}, "column region: unknown region: Mars"),
        ({"fields": "naval;lasers"}, "column fields: unknown defence field code: lasers"),
        ({"offset_fields": "1;9"}, "column offset_fields: offset field must be 1 to 7"),
        ({"offset_fields": "two"}, "column offset_fields: offset field must be 1 to 7"),
        (
            {"offset_fields": "6;7"},
            "column offset_fields: offset fields 6 and 7 can only be offered together with one of fields 1 to 5",
        ),
        ({"website": "not a site"}, "column website: not a valid web address: not a site"),
        ({"founded": "1850"}, "column founded: founded must be a year from 1900 to"),
        ({"founded": "2999"}, "column founded: founded must be a year from 1900 to"),
        ({"employees": "-5"}, "column employees: employees must be a whole number, 0 or more"),
        (
            {"capabilities": "x" * 121},
            "column capabilities: “" + "x" * 121 + "” is longer than 120 characters",
        ),
    ],
)
def test_each_refused_company_cell(overrides, expected):
    result = import_rows([company_row(900200), company_row(900201, **overrides)])
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"line 3, {expected}")
    assert not Company.objects.filter(brn__in=[brn(900200), brn(900201)]).exists()


@pytest.mark.django_db
def test_duplicate_brn_in_the_file_is_refused():
    result = import_rows([company_row(900210), company_row(900211), company_row(900210, name_en="Other")])
    assert result.errors == [
        "line 4, column brn: this business registration number is already on line 2",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["brn", "name_en", "colour"],
            "line 1, column colour: unknown column; the columns are: brn, name_ko",
        ),
        (["brn", "name_en", "Name_EN"], "line 1, column Name_EN: this column appears more than once"),
        (["name_en", "region"], "line 1, column brn: this column is required"),
    ],
)
def test_header_problems_are_refused(header, expected):
    result = import_companies(csv_file([header, ["x"] * len(header)]), "c.csv")
    assert len(result.errors) == 1
    assert result.errors[0].startswith(expected)


@pytest.mark.django_db
def test_data_in_an_unnamed_column_is_refused_once():
    rows = [["brn", "name_en"], [brn(900220), "A", "stray"], [brn(900221), "B", "stray"]]
    result = import_companies(csv_file(rows), "c.csv")
    assert result.errors == ["line 2, column #3: this cell has no column name in the header row"]


# --- products -------------------------------------------------------------------------------

PRODUCT_HEADER = ["company_brn", "name_ko", "name_en", "category", "hs_code", "nsn", "trl"]


def product_row(serial: int, name: str, **overrides) -> list[str]:
    values = {
        "company_brn": brn(serial),
        "name_ko": f"{name} 한글",
        "name_en": name,
        "category": "Mechanical components",
        "hs_code": "8411.91",
        "nsn": "1005-01-234-5678",
        "trl": "7",
    }
    values.update(overrides)
    return [values[column] for column in PRODUCT_HEADER]


def import_product_rows(rows):
    return import_products(csv_file([PRODUCT_HEADER, *rows]), "products.csv")


@pytest.fixture
def maker(db):
    import_rows([company_row(900300)])
    return Company.objects.get(brn=brn(900300))


def test_products_import_and_reimport_unchanged(maker):
    rows = [
        product_row(900300, "Fictional Gearbox"),
        product_row(900300, "Fictional Lens", category="fictional optics kits", name_ko=""),
    ]
    result = import_product_rows(rows)
    assert (result.created, result.errors) == (2, [])
    gearbox = Product.objects.get(company=maker, name_en="Fictional Gearbox")
    assert (gearbox.hs_code, gearbox.nsn, gearbox.trl) == ("841191", "1005012345678", 7)
    assert gearbox.category.name_en == "Mechanical components"
    assert ProductCategory.objects.filter(name_en="fictional optics kits").exists()
    stamps = dict(Product.objects.values_list("pk", "updated_at"))

    result = import_product_rows(rows)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, [])
    assert dict(Product.objects.values_list("pk", "updated_at")) == stamps

    result = import_product_rows([product_row(900300, "Fictional Gearbox", trl="8")])
    assert (result.updated, result.unchanged) == (1, 0)
    gearbox.refresh_from_db()
    assert gearbox.trl == 8


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"trl": "12"}, "line 3, column trl: TRL must be a whole number from 1 to 9"),
        (
            {"company_brn": brn(900399)},
            "line 3, column company_brn: no company with this business registration number",
        ),
        ({"hs_code": "84"}, "line 3, column hs_code: An HS code has 6 to 10 digits, e.g. 8411.91."),
        ({"nsn": "1005-01"}, "line 3, column nsn: An NSN has 13 digits, written NNNN-NN-NNN-NNNN."),
        ({"name_ko": "", "name_en": ""}, "line 3, column name_ko: give name_ko or name_en"),
    ],
)
def test_each_refused_product_cell(maker, overrides, expected):
    categories = ProductCategory.objects.count()
    result = import_product_rows(
        [
            product_row(900300, "Fictional Valve", category="fictional new category"),
            product_row(900300, "Other", **overrides),
        ]
    )
    assert result.errors == [expected]
    assert not Product.objects.exists()
    assert ProductCategory.objects.count() == categories


def test_duplicate_product_in_the_file_is_refused(maker):
    result = import_product_rows(
        [product_row(900300, "Fictional Valve"), product_row(900300, "Fictional Valve")]
    )
    assert result.errors == ["line 3, column name_ko: this product is already on line 2"]


def test_english_name_taken_by_another_product_is_refused(maker):
    import_product_rows([product_row(900300, "Fictional Valve")])
    result = import_product_rows([product_row(900300, "Fictional Valve", name_ko="다른 밸브")])
    assert result.errors == [
        "line 2, column name_en: another product of this company already has this English name"
    ]


# --- management commands --------------------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_and_prints_a_summary(tmp_path):
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_file([COMPANY_HEADER, company_row(900400), company_row(900401)]).getvalue())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_companies", str(path), stdout=out, stderr=err)
    assert out.getvalue().strip() == "2 created, 0 updated, 0 unchanged"
    assert err.getvalue().splitlines()[-1] == "100%"
    call_command("import_companies", str(path), stdout=out, stderr=err)
    assert out.getvalue().strip().splitlines()[-1] == "0 created, 0 updated, 2 unchanged"


@pytest.mark.django_db
def test_command_lists_errors_and_fails(tmp_path):
    path = tmp_path / "companies.csv"
    rows = [COMPANY_HEADER, company_row(900410, region="Mars"), company_row(900411, size_class="x")]
    path.write_bytes(csv_file(rows).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^nothing was imported: 2 errors$"):
        call_command("import_companies", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 2, column region: unknown region: Mars" in err.getvalue().splitlines()
    assert "line 3, column size_class: size class must be sme, mid or large" in err.getvalue().splitlines()
    assert not Company.objects.filter(brn=brn(900410)).exists()


@pytest.mark.django_db
def test_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"file not found: .*nowhere\.csv"):
        call_command("import_companies", str(tmp_path / "nowhere.csv"))


def test_products_command(maker, tmp_path):
    path = tmp_path / "products.csv"
    path.write_bytes(csv_file([PRODUCT_HEADER, product_row(900300, "Fictional Pump")]).getvalue())
    out = io.StringIO()
    call_command("import_products", str(path), stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "1 created, 0 updated, 0 unchanged"
    path.write_bytes(csv_file([PRODUCT_HEADER, product_row(900300, "Fictional Pump", trl="12")]).getvalue())
    with pytest.raises(CommandError, match=r"nothing was imported: 1 error$"):
        call_command("import_products", str(path), stdout=io.StringIO(), stderr=io.StringIO())


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_command_draws_a_bar_in_place_on_a_terminal(tmp_path):
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_file([COMPANY_HEADER, company_row(900420)]).getvalue())
    err = FakeTerminal()
    call_command("import_companies", str(path), stdout=io.StringIO(), stderr=err)
    assert "\r[" in err.getvalue()
    assert err.getvalue().rstrip("\n").endswith("] 100%")


# --- background jobs ------------------------------------------------------------------------


@pytest.fixture
def make_job(db):
    created = []

    def make(content: bytes, kind=ImportKind.COMPANIES, name="회사 목록.csv"):
        job = ImportJob.objects.create(
            kind=kind, file=SimpleUploadedFile("upload.csv", content), original_name=name
        )
        created.append(job)
        return job

    yield make
    for job in created:
        job.file.delete(save=False)


def test_job_records_counts_and_progress(make_job, settings):
    settings.KOFFSET_IMPORTS_SYNC = True
    job = make_job(csv_file([COMPANY_HEADER, company_row(900500), company_row(900501)]).getvalue())
    jobs.start_import_job(job)
    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.updated_count, job.unchanged_count) == (2, 0, 0)
    assert (job.processed_rows, job.total_rows, job.percent) == (2, 2, 100)
    assert job.finished_at is not None


def test_job_records_errors(make_job):
    job = make_job(csv_file([COMPANY_HEADER, company_row(900510, region="Mars")]).getvalue())
    jobs.run_import_job(job.pk, language="en")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors == ["line 2, column region: unknown region: Mars"]
    assert not Company.objects.filter(brn=brn(900510)).exists()


def test_job_records_unexpected_failures_without_raising(make_job, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(jobs.IMPORTERS, ImportKind.COMPANIES, explode)
    job = make_job(b"brn\n")
    jobs.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors == ["internal error: disk on fire"]


def test_job_starts_a_daemon_thread_after_commit(make_job, monkeypatch, django_capture_on_commit_callbacks):
    started = []

    class FakeThread:
        def __init__(self, target, args, name, daemon):
            self.call = (target, args, daemon)

        def start(self):
            started.append(self.call)

    monkeypatch.setattr(jobs.threading, "Thread", FakeThread)
    job = make_job(b"brn\n")
    with django_capture_on_commit_callbacks(execute=True):
        jobs.start_import_job(job)
        assert started == []
    assert started == [(jobs._run_in_thread, (job.pk, "en"), True)]
