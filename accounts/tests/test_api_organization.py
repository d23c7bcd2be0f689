"""Your organisation and its members over the API: the organisation page's rules, as JSON."""

from django.core import mail

from accounts.choices import MembershipRole
from accounts.models import Membership, Organization, User
from api.concurrency import etag_of

ORGANIZATION = "/api/v1/organization"
MEMBERS = "/api/v1/organization/members"


def member_url(user) -> str:
    return f"{MEMBERS}/{user.membership.pk}"


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", **headers)


def test_a_member_reads_the_organisation_with_its_etag_and_colleagues(world, as_persona):
    client = as_persona("korean_member")
    response = client.get(ORGANIZATION)
    assert response.status_code == 200
    body = response.json()
    assert (body["name_ko"], body["name_en"], body["kind"]) == (
        "가람정밀",
        "Garam Precision",
        "korean_company",
    )
    assert body["registration_number"] == world.orgs.korean.registration_number
    assert response["ETag"] == etag_of(world.orgs.korean)

    members = client.get(MEMBERS).json()
    assert members["count"] == 2
    by_email = {item["email"]: item for item in members["items"]}
    assert by_email[world.users.korean_admin.email]["role"] == "admin"
    assert by_email[world.users.korean_member.email]["role"] == "member"
    assert by_email[world.users.korean_member.email]["id"] == world.users.korean_member.membership.pk


def test_members_lists_only_the_callers_own_organisation_even_for_kdia(world, as_persona):
    for persona, organization in (("foreign", world.orgs.foreign), ("kdia", world.orgs.kdia)):
        body = as_persona(persona).get(MEMBERS).json()
        expected = set(
            Membership.objects.filter(organization=organization).values_list("user__email", flat=True)
        )
        assert {item["email"] for item in body["items"]} == expected
        assert world.users.korean_admin.email not in str(body)


def test_an_admin_updates_the_organisation_with_if_match(world, as_persona):
    client = as_persona("korean_admin")
    etag = client.get(ORGANIZATION)["ETag"]
    response = patch(
        client,
        ORGANIZATION,
        {"name_en": "Garam Precision Co.", "website": "garam.example.invalid"},
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    organization = Organization.objects.get(pk=world.orgs.korean.pk)
    assert organization.name_en == "Garam Precision Co."
    assert organization.website == "https://garam.example.invalid"  # the page's form assumes https
    assert organization.name_ko == "가람정밀"  # fields not sent stay
    assert response["ETag"] == etag_of(organization) != etag

    stale = patch(client, ORGANIZATION, {"name_en": "Garam"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["code"] == "stale"
    missing = patch(client, ORGANIZATION, {"name_en": "Garam"})
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    assert Organization.objects.get(pk=world.orgs.korean.pk).name_en == "Garam Precision Co."


def test_an_update_the_form_refuses_names_the_field(world, as_persona):
    client = as_persona("korean_admin")
    etag = client.get(ORGANIZATION)["ETag"]
    response = patch(client, ORGANIZATION, {"registration_number": None}, HTTP_IF_MATCH=etag)
    assert response.status_code == 422
    assert response.json()["field"] == "registration_number"
    assert "business registration number" in response.json()["message"]
    response = patch(client, ORGANIZATION, {"name_ko": "", "name_en": None}, HTTP_IF_MATCH=etag)
    assert response.status_code == 422 and response.json()["field"] == "name_ko"
    response = patch(client, ORGANIZATION, {"website": "not a website"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 422 and response.json()["field"] == "website"
    assert Organization.objects.get(pk=world.orgs.korean.pk).name_ko == "가람정밀"


def test_only_administrators_change_the_organisation_or_its_members(world, as_persona):
    client = as_persona("korean_member")
    etag = client.get(ORGANIZATION)["ETag"]
    assert patch(client, ORGANIZATION, {"name_en": "Mine"}, HTTP_IF_MATCH=etag).status_code == 403
    invite = {"email": "sneaky@example.invalid", "full_name": "Sneaky", "role": "admin"}
    assert client.post(MEMBERS, invite, content_type="application/json").status_code == 403
    assert patch(client, member_url(world.users.korean_member), {"role": "admin"}).status_code == 403
    assert not User.objects.filter(email="sneaky@example.invalid").exists()
    assert world.users.korean_member.membership.role == MembershipRole.MEMBER


def test_an_admin_invites_a_colleague_who_gets_the_pages_email(
    world, as_persona, django_capture_on_commit_callbacks
):
    client = as_persona("foreign")
    body = {"email": "Ada.Park@Example.invalid", "full_name": "Ada Park", "role": "member"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MEMBERS, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "ada.park@example.invalid"
    assert response.json()["invited"] is True
    invited = User.objects.get(email="ada.park@example.invalid")
    assert invited.organization == world.orgs.foreign and not invited.has_usable_password()
    (message,) = mail.outbox
    assert message.to == [invited.email] and "/accounts/password/reset/key/" in message.body

    again = client.post(MEMBERS, body, content_type="application/json")
    assert again.status_code == 422 and again.json()["field"] == "email"
    assert again.json()["message"] == "A user with this e-mail address already exists."
    bad_role = client.post(
        MEMBERS, {**body, "email": "other@example.invalid", "role": "owner"}, content_type="application/json"
    )
    assert bad_role.status_code == 422 and bad_role.json()["field"] == "role"


def test_roles_change_but_the_last_administrator_stays_one(world, as_persona):
    client = as_persona("korean_admin")
    admin, member = world.users.korean_admin, world.users.korean_member
    refused = patch(client, member_url(admin), {"role": "member"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    assert refused.json() == {
        "code": "last_admin",
        "message": "Your organisation needs at least one administrator.",
        "field": "role",
    }
    in_korean = patch(client, member_url(admin), {"role": "member"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert in_korean.status_code == 409 and in_korean.json()["message"] != refused.json()["message"]
    assert Membership.objects.get(user=admin).role == MembershipRole.ADMIN

    promoted = patch(client, member_url(member), {"role": "admin"})
    assert promoted.status_code == 200 and promoted.json()["role"] == "admin"
    # With a second administrator, the first may step down.
    assert patch(client, member_url(admin), {"role": "member"}).json()["role"] == "member"
    assert Membership.objects.get(user=admin).role == MembershipRole.MEMBER


def test_an_admin_removes_a_colleague_but_not_themself(world, as_persona):
    client = as_persona("korean_admin")
    admin, member = world.users.korean_admin, world.users.korean_member
    refused = client.delete(member_url(admin))
    assert refused.status_code == 409 and refused.json()["code"] == "cannot_remove_self"
    assert Membership.objects.filter(user=admin).exists()

    assert client.delete(member_url(member)).status_code == 204
    assert not Membership.objects.filter(user=member).exists()
    member.refresh_from_db()
    assert not member.is_active  # the account is deactivated, its history kept
    assert client.get(MEMBERS).json()["count"] == 1


def test_another_organisations_membership_is_missing(world, as_persona):
    url = member_url(world.users.korean_member)
    for persona in ("other_korean", "foreign", "kdia"):
        client = as_persona(persona)
        assert patch(client, url, {"role": "admin"}).status_code == 404, persona
        assert client.delete(url).status_code == 404, persona
    assert Membership.objects.get(user=world.users.korean_member).role == MembershipRole.MEMBER


def test_guests_and_unapproved_organisations_are_refused(world, as_persona):
    assert as_persona("anonymous").get(ORGANIZATION).status_code == 401
    response = as_persona("pending").get(MEMBERS)
    assert response.status_code == 403 and response.json()["code"] == "organization_not_approved"
