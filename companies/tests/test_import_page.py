"""KDIA uploads a file on the import page and follows its progress to the outcome."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Company, ImportJob
from conftest import client_for
from core.testing import fictional_brn


def upload(client, text, name="companies.csv"):
    return client.post(
        reverse("staff_companies:import_upload"),
        {"kind": "companies", "file": SimpleUploadedFile(name, text.encode("utf-8-sig"), "text/csv")},
    )


def test_a_good_file_is_imported_and_its_status_shown(world, settings):
    settings.KOFFSET_IMPORTS_SYNC = True
    brn = fictional_brn()
    response = upload(client_for(world, "kdia"), f"brn,name_ko,region\n{brn},새빛항공,경남\n")
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("staff_companies:import_status", args=[job.pk])
    assert job.status == "done" and job.created_count == 1
    company = Company.objects.get(brn=brn)
    assert (company.region, company.status) == ("gyeongnam", "published")
    page = client_for(world, "kdia").get(response["Location"]).content.decode()
    assert "1 created, 0 updated, 0 unchanged" in page


def test_a_bad_file_writes_nothing_and_lists_every_problem(world, settings):
    settings.KOFFSET_IMPORTS_SYNC = True
    good, bad = fictional_brn(), fictional_brn()
    wrong_digit = bad[:-1] + str((int(bad[-1]) + 1) % 10)
    text = f"brn,name_en,region,offset_fields\n{good},Good Co,busan,1\n{wrong_digit},Bad Co,atlantis,9\n"
    response = client_for(world, "kdia").get(upload(client_for(world, "kdia"), text)["Location"])
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert (
        "line 3, column brn" in body
        and "line 3, column region" in body
        and "line 3, column offset_fields" in body
    )
    assert not Company.objects.filter(brn=good).exists()


def test_only_csv_or_xlsx_files_are_accepted(world):
    response = upload(client_for(world, "kdia"), "<html></html>", name="companies.html")
    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_progress_fragment_polls_until_finished(world):
    job = ImportJob.objects.create(
        kind="companies",
        original_name="big.csv",
        status="running",
        total_rows=200,
        processed_rows=50,
        created_by=world.users.kdia,
    )
    fragment = (
        client_for(world, "kdia")
        .get(reverse("staff_companies:import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert 'hx-trigger="every 1s"' in fragment and 'value="25"' in fragment and "<html" not in fragment
