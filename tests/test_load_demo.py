from django.core.management import call_command
from django.urls import reverse

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.demo import DOMAIN
from accounts.models import Organization, User


def test_demo_has_every_kind_and_role_and_is_idempotent(db, capsys):
    call_command("load_demo")
    first = (Organization.objects.count(), User.objects.count())
    call_command("load_demo")
    assert (Organization.objects.count(), User.objects.count()) == first
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert kinds == set(OrganizationKind.values)
    assert Organization.objects.filter(status=OrganizationStatus.PENDING).exists()
    assert set(User.objects.values_list("membership_record__role", flat=True)) == {"admin", "member"}
    assert all(email.endswith("@" + DOMAIN) for email in User.objects.values_list("email", flat=True))
    printed = capsys.readouterr().out
    for user in User.objects.all():
        assert user.email in printed


def test_demo_passwords_work(db, client):
    call_command("load_demo")
    response = client.post(
        "/accounts/login/", {"login": f"buyer.northwind@{DOMAIN}", "password": "demo-contractor-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:organization")).status_code == 200
