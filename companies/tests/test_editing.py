"""Owners edit their profile and products; KDIA verifies; reminders keep profiles fresh."""

from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.choices import OrganizationStatus
from accounts.models import Organization
from companies import services
from companies.choices import CompanyStatus
from companies.models import Certification, CertificationType, Company, OffsetField, Product
from companies.testing import png_bytes
from conftest import client_for
from core.testing import fictional_brn, make_user


def profile_form_data(client, company):
    form = client.get(reverse("companies:company_edit", args=[company.brn])).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        else:
            data[name] = "" if value is None else value
    return data


def test_owner_edits_and_a_concurrent_save_is_refused_with_input_kept(world):
    company = world.directory.published
    first, second = client_for(world, "korean_admin"), client_for(world, "korean_member")
    mine, theirs = profile_form_data(first, company), profile_form_data(second, company)
    mine["description_en"] = "Now also radomes and heat sinks."
    assert first.post(reverse("companies:company_edit", args=[company.brn]), mine).status_code == 302
    theirs["description_en"] = "My competing text that must not be lost."
    response = second.post(reverse("companies:company_edit", args=[company.brn]), theirs)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this record" in body
    assert "My competing text that must not be lost." in body  # their input is kept on the form
    company.refresh_from_db()
    assert company.description_en == "Now also radomes and heat sinks."


def test_offset_fields_6_and_7_need_one_of_1_to_5(world):
    client = client_for(world, "korean_admin")
    company = world.directory.published
    data = profile_form_data(client, company)
    data["offset_fields"] = [str(OffsetField.objects.get(number=7).pk)]
    response = client.post(reverse("companies:company_edit", args=[company.brn]), data)
    assert response.status_code == 200
    assert "allowed only together with one of fields 1 to 5" in response.content.decode()


def test_sections_save_atomically_and_bump_the_version(world):
    client = client_for(world, "korean_admin")
    company = world.directory.published
    url = reverse("companies:company_section", args=[company.brn, "certifications"])
    page = client.get(url)
    formset = page.context["formset"]
    data = {"version": page.context["version"]}
    data.update({f"certifications-{key}": value for key, value in formset.management_form.initial.items()})
    existing = formset.forms[0]
    data.update(
        {
            "certifications-0-id": existing.instance.pk,
            "certifications-0-type": existing.instance.type_id,
            "certifications-0-number": "AS-0002",
            "certifications-0-issuer": "Test Registrar",
            "certifications-0-expires_on": "2030-01-31",
            "certifications-1-type": CertificationType.objects.get(name_en="ISO 9001").pk,
            "certifications-1-number": "Q-77",
        }
    )
    before = company.updated_at
    assert client.post(url, data).status_code == 302
    company.refresh_from_db()
    assert company.certifications.count() == 2 and company.updated_at > before
    # The same (now stale) page posted again is refused, nothing changes.
    data["certifications-1-number"] = "Q-78"
    response = client.post(url, data)
    assert response.status_code == 200 and not Certification.objects.filter(number="Q-78").exists()


def test_logo_upload_is_checked_by_content(world):
    client = client_for(world, "korean_admin")
    company = world.directory.published
    url = reverse("companies:company_files", args=[company.brn])
    version = client.get(url).context["form"].initial["version"]
    fake = SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image/png")
    response = client.post(url, {"version": version, "logo": fake})
    assert response.status_code == 200 and "logo" in response.context["form"].errors
    real = SimpleUploadedFile("whatever.bin", png_bytes((900, 600)), "application/octet-stream")
    assert client.post(url, {"version": version, "logo": real}).status_code == 302
    company.refresh_from_db()
    assert company.logo.name.endswith((".png", ".jpg"))


def test_products_are_created_with_specifications_and_names_stay_unique(world):
    client = client_for(world, "korean_member")
    company = world.directory.published
    url = reverse("companies:product_create", args=[company.brn])
    data = {
        "name_ko": "방열판",
        "name_en": "",
        "description_ko": "",
        "description_en": "",
        "category": "",
        "hs_code": "8473.30",
        "nsn": "",
        "trl": "6",
        "platforms_ko": "",
        "platforms_en": "",
        "specs-TOTAL_FORMS": "1",
        "specs-INITIAL_FORMS": "0",
        "specs-MIN_NUM_FORMS": "0",
        "specs-MAX_NUM_FORMS": "100",
        "specs-0-name": "Mass",
        "specs-0-value": "1.2",
        "specs-0-unit": "kg",
    }
    assert client.post(url, data).status_code == 302
    product = Product.objects.get(name_ko="방열판")
    assert product.hs_code == "847330" and product.specifications.get().unit == "kg"
    response = client.post(url, data)
    assert response.status_code == 200 and "already has a product with this name" in response.content.decode()
    bad = {**data, "name_ko": "포신", "trl": "12", "nsn": "12-34"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"trl", "nsn"}


def test_workflow_submit_verify_and_request_update(world):
    owner, kdia = client_for(world, "other_korean"), client_for(world, "kdia")
    draft = world.directory.draft
    owner.post(reverse("companies:company_submit", args=[draft.brn]))
    draft.refresh_from_db()
    assert draft.status == CompanyStatus.SUBMITTED
    kdia.post(reverse("staff_companies:verify", args=[draft.brn]))
    draft.refresh_from_db()
    assert draft.status == CompanyStatus.PUBLISHED and draft.last_verified_at is not None
    kdia.post(reverse("staff_companies:request_update", args=[draft.brn]))
    draft.refresh_from_db()
    assert draft.status == CompanyStatus.NEEDS_UPDATE
    data = profile_form_data(owner, draft)
    owner.post(reverse("companies:company_edit", args=[draft.brn]), data)
    draft.refresh_from_db()
    assert draft.status == CompanyStatus.PUBLISHED  # an owner's save answers the request


def test_completeness_lists_what_is_missing(world):
    score, missing = services.completeness(world.directory.draft)
    full_score, full_missing = services.completeness(world.directory.published)
    assert 0 <= score < full_score <= 100
    assert "At least one product" in [str(label) for label in missing]
    assert "At least one product" not in [str(label) for label in full_missing]


def test_certificate_reminders_once_per_expiry(world, django_capture_on_commit_callbacks):
    company = world.directory.published
    certificate = company.certifications.get()
    certificate.expires_on = timezone.localdate() + timedelta(days=30)
    certificate.save()
    assert services.send_certificate_reminders() == 1
    assert {world.users.korean_admin.email, world.users.korean_member.email} <= {m.to[0] for m in mail.outbox}
    assert services.send_certificate_reminders() == 0  # not twice
    certificate.expires_on = timezone.localdate() + timedelta(days=90)
    certificate.save()
    assert services.send_certificate_reminders() == 0  # not yet due


def test_stale_profiles_are_flagged_once(world):
    company = world.directory.published
    Company.objects.filter(pk=company.pk).update(updated_at=timezone.now() - timedelta(days=400))
    assert services.flag_stale_profiles() == 1
    company.refresh_from_db()
    assert company.status == CompanyStatus.NEEDS_UPDATE
    assert services.flag_stale_profiles() == 0


def test_approving_a_korean_company_links_its_imported_profile(db):
    brn = fictional_brn()
    imported = Company.objects.create(brn=brn, name_ko="한울기계", status=CompanyStatus.PUBLISHED)
    organization = Organization.objects.create(
        kind="korean_company", name_ko="한울기계", registration_number=brn, status=OrganizationStatus.PENDING
    )
    user = make_user(organization, "admin")
    assert not Company.objects.editable_by(user).exists()
    organization.status = OrganizationStatus.APPROVED
    organization.save()
    imported.refresh_from_db()
    assert imported.organization == organization
    user = type(user).objects.get(pk=user.pk)  # roles are read fresh on each request
    assert list(Company.objects.editable_by(user)) == [imported]


def test_history_shows_who_changed_what(world):
    client = client_for(world, "korean_admin")
    company = world.directory.published
    data = profile_form_data(client, company)
    data["employees"] = "120"
    client.post(reverse("companies:company_edit", args=[company.brn]), data)
    body = (
        client_for(world, "kdia")
        .get(reverse("companies:company_history", args=[company.brn]))
        .content.decode()
    )
    assert "employees" in body and world.users.korean_admin.full_name in body
