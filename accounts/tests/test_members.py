"""Organisation admins invite, re-role and remove colleagues; nobody reaches another organisation."""

import re

from django.core import mail
from django.urls import reverse

from accounts.choices import MembershipRole
from accounts.models import Membership, Organization, User
from core.testing import make_org, make_user, signed_in


def test_invited_colleague_sets_a_password_and_signs_in(world, django_capture_on_commit_callbacks):
    admin_client = signed_in(world.users.korean_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:member_invite"),
            {"email": "New.Colleague@test.k-offset.invalid", "full_name": "New Colleague", "role": "member"},
        )
    assert response.status_code == 302
    invited = User.objects.get(email="new.colleague@test.k-offset.invalid")
    assert invited.organization == world.orgs.korean and not invited.has_usable_password()
    (message,) = mail.outbox
    assert (
        message.to == [invited.email] and "가람정밀" in message.subject
    )  # in the inviter's language (Korean)
    link = re.search(r"/accounts/password/reset/key/\S+", message.body).group(0)

    client = signed_in(None)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(form_url, {"password1": "a-fresh-pass-2026", "password2": "a-fresh-pass-2026"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password("a-fresh-pass-2026")
    assert invited.emailaddress_set.get().verified
    signed = signed_in(None)
    response = signed.post(
        reverse("account_login"), {"login": invited.email, "password": "a-fresh-pass-2026"}
    )
    assert response.status_code == 302
    assert signed.get(reverse("accounts:organization")).status_code == 200


def test_invite_refuses_existing_addresses(world):
    response = signed_in(world.users.korean_admin).post(
        reverse("accounts:member_invite"),
        {"email": world.users.foreign.email.upper(), "full_name": "Dup", "role": "member"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_the_last_admin_cannot_step_down(world):
    admin = world.users.korean_admin
    membership = admin.membership
    other = world.users.korean_member.membership
    client = signed_in(admin)
    # An admin may not change their own role from the page, and the service keeps one admin.
    from accounts import services

    try:
        services.change_role(membership, MembershipRole.MEMBER)
        raised = False
    except services.LastAdminError:
        raised = True
    assert raised
    client.post(reverse("accounts:member_role", args=[other.pk]), {"role": "admin"})
    other.refresh_from_db()
    assert other.role == MembershipRole.ADMIN
    services.change_role(membership, MembershipRole.MEMBER)  # now allowed: another admin exists


def test_removed_member_is_deactivated_and_loses_access(world):
    member = world.users.korean_member
    response = signed_in(world.users.korean_admin).post(
        reverse("accounts:member_remove", args=[member.membership.pk])
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert not Membership.objects.filter(user=member).exists()


def test_organisation_querysets_respect_visibility(world):
    users, orgs = world.users, world.orgs
    everything = set(Organization.objects.values_list("pk", flat=True))
    assert set(Organization.objects.visible_to(users.kdia).values_list("pk", flat=True)) == everything
    approved_for_guest = set(Organization.objects.visible_to(User()).values_list("pk", flat=True))
    assert orgs.waiting.pk not in approved_for_guest and orgs.korean.pk in approved_for_guest
    assert orgs.waiting.pk in set(Organization.objects.visible_to(users.pending).values_list("pk", flat=True))
    assert list(Organization.objects.editable_by(users.korean_admin)) == [orgs.korean]
    assert not Organization.objects.editable_by(users.korean_member).exists()
    assert Organization.objects.editable_by(users.kdia).count() == len(everything)
    assert set(Membership.objects.visible_to(users.foreign).values_list("organization", flat=True)) == {
        orgs.foreign.pk
    }


def test_kdia_flag_follows_approval(db):
    kdia = make_org("kdia", status="pending")
    user = make_user(kdia, "admin")
    assert not user.is_kdia and not user.is_staff
    kdia.status = "approved"
    kdia.save()
    user = User.objects.get(pk=user.pk)
    assert user.is_kdia and user.is_staff
