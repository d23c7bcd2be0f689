"""The organisation administrators' API key pages."""

from django.urls import reverse

from api.models import ApiKey, ApiKeyScope
from core.testing import api_key_for, key_client


def create(client, **data):
    return client.post(
        reverse("api:key_create"), {"name": "ERP export", "scope": "read", "lifetime": "90", **data}
    )


def test_an_admin_creates_a_key_and_sees_its_secret_once(world, as_persona):
    client = as_persona("korean_admin")
    response = create(client, scope="read_write")
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get()
    assert key.organization == world.orgs.korean and key.created_by == world.users.korean_admin
    assert key.scope == ApiKeyScope.READ_WRITE and key.expires_at is not None
    assert key_client(secret).get("/api/v1/me").status_code == 200

    listing = client.get(reverse("api:key_list")).content.decode()
    assert key.prefix in listing and "ERP export" in listing
    assert secret not in listing
    assert secret not in client.get(reverse("api:key_revoke", args=[key.pk])).content.decode()
    assert key.history.filter(history_type="+").exists()


def test_the_list_shows_an_empty_state_and_help(world, as_persona):
    page = as_persona("foreign").get(reverse("api:key_list")).content.decode()
    assert "no API keys yet" in page and "Authorization: Bearer" in page


def test_a_name_is_required(world, as_persona):
    response = create(as_persona("korean_admin"), name="  ")
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert not ApiKey.objects.exists()


def test_only_org_admins_reach_the_pages(world, as_persona):
    assert as_persona("korean_member").get(reverse("api:key_list")).status_code == 403
    assert create(as_persona("korean_member")).status_code == 403
    assert as_persona("anonymous").get(reverse("api:key_list")).status_code == 302
    assert not ApiKey.objects.exists()


def test_pending_organisations_and_staff_without_second_factor_cannot_create(world, as_persona):
    create(as_persona("pending"))
    create(as_persona("kdia_no_2fa"))
    assert not ApiKey.objects.exists()
    assert create(as_persona("kdia")).status_code == 200  # KDIA with its second factor
    assert ApiKey.objects.get().organization == world.orgs.kdia


def test_revoke_asks_then_revokes_with_a_post(world, as_persona):
    secret = api_key_for(world.users.korean_admin)
    key = ApiKey.objects.get()
    client = as_persona("korean_admin")
    confirm = client.get(reverse("api:key_revoke", args=[key.pk]))
    assert confirm.status_code == 200 and b"csrfmiddlewaretoken" in confirm.content
    key.refresh_from_db()
    assert key.revoked_at is None
    response = client.post(reverse("api:key_revoke", args=[key.pk]))
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == world.users.korean_admin
    assert key_client(secret).get("/api/v1/me").status_code == 401
    assert key.history.count() == 2


def test_another_organisations_key_is_missing(world, as_persona):
    api_key_for(world.users.korean_admin)
    key = ApiKey.objects.get()
    for persona in ("other_korean", "foreign", "kdia"):
        assert as_persona(persona).post(reverse("api:key_revoke", args=[key.pk])).status_code == 404
        assert ApiKey.objects.get().revoked_at is None
        page = as_persona(persona).get(reverse("api:key_list")).content.decode()
        assert key.prefix not in page


def test_the_organisation_page_links_to_the_keys(world, as_persona):
    page = as_persona("korean_admin").get(reverse("accounts:organization")).content.decode()
    assert reverse("api:key_list") in page
    member_page = as_persona("korean_member").get(reverse("accounts:organization")).content.decode()
    assert reverse("api:key_list") not in member_page
