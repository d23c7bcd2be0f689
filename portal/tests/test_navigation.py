import pytest
from django.urls import reverse
from django.utils import translation

from portal.navigation import items_for

pytestmark = pytest.mark.django_db


def urls(user) -> dict[str, str]:
    with translation.override("en"):
        return {item.url: str(item.group or "") for item in items_for(user)}


def test_statistics_for_everyone(world):
    from django.contrib.auth.models import AnonymousUser

    assert reverse("dashboards:statistics") in urls(AnonymousUser())
    assert reverse("dashboards:statistics") in urls(world.users.korean_admin)


def test_dashboards_for_kdia_and_dapa_only(world):
    assert urls(world.users.kdia)[reverse("staff_dashboards:kdia")] == "KDIA desk"
    assert reverse("staff_dashboards:dapa") in urls(world.users.dapa)
    assert reverse("staff_dashboards:kdia") not in urls(world.users.dapa)
    for persona in ("foreign", "korean_admin"):
        links = urls(getattr(world.users, persona))
        assert reverse("staff_dashboards:kdia") not in links and reverse("staff_dashboards:dapa") not in links
