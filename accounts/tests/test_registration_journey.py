"""A Korean company registers, verifies its e-mail, waits, is approved by KDIA and signs in."""

import re

from django.core import mail
from django.urls import reverse

from accounts.choices import OrganizationStatus
from accounts.models import Organization, User
from core.testing import PASSWORD, fictional_brn, make_org, make_user, signed_in


def signup_data(**overrides):
    data = {
        "full_name": "김다온",
        "email": "daon@test.k-offset.invalid",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "kind": "korean_company",
        "name_ko": "다온테크",
        "name_en": "Daon Tech",
        "registration_number": "",
        "country": "",
    }
    data.update(overrides)
    return data


def test_korean_company_registers_and_is_approved(db, client, django_capture_on_commit_callbacks):
    kdia = make_org("kdia")
    reviewer = make_user(kdia, "admin", totp=True, preferred_language="en")
    brn = fictional_brn()
    hyphenated = f"{brn[:3]}-{brn[3:5]}-{brn[5:]}"

    response = client.post(reverse("account_signup"), signup_data(registration_number=hyphenated))
    assert response.status_code == 302
    user = User.objects.get(email="daon@test.k-offset.invalid")
    organization = user.organization
    assert organization.status == OrganizationStatus.PENDING
    assert organization.registration_number == brn  # stored without hyphens
    assert user.is_org_admin

    # The verification mail arrives; following it signs the user in and tells KDIA.
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    mail.outbox.clear()
    client.post(reverse("account_confirm_email", args=[key]))
    review_mail = [m for m in mail.outbox if reviewer.email in m.to]
    assert review_mail and "Daon Tech" in review_mail[0].subject

    # Until KDIA decides, the member sees only the pending page.
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:pending")
    assert "Daon Tech" in client.get(reverse("accounts:pending")).content.decode()

    staff = signed_in(reviewer, second_factor=True)
    url = reverse("staff_accounts:review_detail", args=[organization.pk])
    assert "Daon Tech" in staff.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"decision": "approve", "reason": "", "seen_status": "pending"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.APPROVED
    assert organization.reviewed_by == reviewer
    assert [m.to for m in mail.outbox] == [[user.email]]

    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("accounts:organization")).status_code == 200


def test_signup_refuses_bad_registration_numbers(db, client):
    existing = make_org(registration_number=fictional_brn())
    for value, message in [
        ("", "must give its business registration number"),
        ("123-45-6789", "10 digits"),
        ("000-00-00001" if not existing.registration_number.endswith("1") else "000-00-00002", "check digit"),
        (existing.registration_number, "already registered"),
    ]:
        response = client.post(reverse("account_signup"), signup_data(registration_number=value))
        assert response.status_code == 200, value
        assert message in response.content.decode(), value
    assert not User.objects.filter(email="daon@test.k-offset.invalid").exists()
    assert Organization.objects.count() == 1


def test_signup_needs_a_name_and_a_country_for_contractors(db, client):
    response = client.post(
        reverse("account_signup"),
        signup_data(kind="foreign_contractor", name_ko="", name_en="", registration_number="", country=""),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "name in Korean, English or both" in body
    assert "country where the contractor is established" in body


def test_staff_kinds_cannot_self_register(db, client):
    response = client.post(reverse("account_signup"), signup_data(kind="kdia", registration_number=""))
    assert response.status_code == 200
    assert not Organization.objects.exists()


def test_rejection_reason_is_shown_and_a_corrected_registration_returns_to_review(db):
    kdia_user = make_user(make_org("kdia"), "admin", totp=True)
    organization = make_org(status=OrganizationStatus.PENDING, name_en="Blurry Name")
    applicant = make_user(organization, "admin")
    staff = signed_in(kdia_user, second_factor=True)
    url = reverse("staff_accounts:review_detail", args=[organization.pk])

    response = staff.post(url, {"decision": "reject", "reason": "", "seen_status": "pending"})
    assert response.status_code == 200  # a reason is required
    assert "Give the reason" in response.content.decode()
    staff.post(
        url, {"decision": "reject", "reason": "Registration certificate unreadable", "seen_status": "pending"}
    )
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.REJECTED

    client = signed_in(applicant, HTTP_ACCEPT_LANGUAGE="en")
    assert "Registration certificate unreadable" in client.get(reverse("accounts:pending")).content.decode()
    edit = reverse("accounts:organization_edit")
    form = client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(name_en="Clear Name Co", version=organization.updated_at.isoformat())
    response = client.post(edit, data)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.status, organization.name_en) == (OrganizationStatus.PENDING, "Clear Name Co")


def test_a_decision_on_a_changed_organisation_is_refused(db):
    reviewer = make_user(make_org("kdia"), "admin", totp=True)
    organization = make_org(status=OrganizationStatus.PENDING)
    staff = signed_in(reviewer, second_factor=True)
    url = reverse("staff_accounts:review_detail", args=[organization.pk])
    staff.post(url, {"decision": "approve", "seen_status": "pending"})
    # A second reviewer still looking at the pending version tries to reject it.
    response = staff.post(
        url, {"decision": "reject", "reason": "duplicate", "seen_status": "pending"}, follow=True
    )
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.APPROVED
    assert "status changed while you were reviewing" in response.content.decode()


def test_concurrent_profile_edit_is_refused(db):
    organization = make_org(name_en="Original")
    admin_user = make_user(organization, "admin")
    client = signed_in(admin_user, HTTP_ACCEPT_LANGUAGE="en")
    edit = reverse("accounts:organization_edit")
    form = client.get(edit).context["form"]
    stale = {name: form[name].value() or "" for name in form.fields}
    stale["version"] = organization.updated_at.isoformat()
    organization.name_en = "Changed by a colleague"
    organization.save()
    response = client.post(edit, {**stale, "name_en": "Mine"})
    assert response.status_code == 200
    assert "Someone else changed this organisation" in response.content.decode()
    organization.refresh_from_db()
    assert organization.name_en == "Changed by a colleague"


def test_repeated_failed_logins_are_throttled(db, client):
    user = make_user(make_org(), "admin")
    bodies = [
        client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong-password"}
        ).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]
    # Even the right password is refused while the limit holds.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
