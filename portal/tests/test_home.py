"""The home page per persona: each role sees its own picture, with counts that match the lists."""

import pytest
from django.urls import reverse
from django.utils import translation

from dashboards import home

pytestmark = pytest.mark.django_db


def page(as_persona, persona) -> str:
    response = as_persona(persona).get(reverse("portal:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_guest_sees_search_programmes_and_events(world, as_persona):
    html = page(as_persona, "anonymous")
    assert f'action="{reverse("companies:company_list")}"' in html and 'name="q"' in html
    assert "Maritime Helicopter Phase 2" in html
    assert "Naval systems consultation day" in html
    assert "Draft briefing" not in html  # drafts are for staff
    assert reverse("dashboards:statistics") in html
    assert "Your work queue" not in html


def test_guest_search_box_leads_to_the_directory(world, as_persona):
    response = as_persona("anonymous").get(reverse("companies:company_list"), {"q": "sonar"})
    assert response.status_code == 200


def test_korean_company_sees_completeness_matches_proposals_and_eois(world, as_persona):
    html = page(as_persona, "korean_admin")
    assert "complete (" in html
    assert "Your wish-list proposals" in html
    assert reverse("wishlists:proposal_detail", args=[world.wishlists.accepted.pk]) in html
    assert reverse("matching:eoi_detail", args=[world.matching.eoi.pk]) in html
    assert "Requirements you match" in html
    # Another company's proposal is not on this page.
    assert reverse("wishlists:proposal_detail", args=[world.wishlists.others.pk]) not in html


def test_other_korean_company_sees_only_its_own(world, as_persona):
    html = page(as_persona, "other_korean")
    assert reverse("wishlists:proposal_detail", args=[world.wishlists.accepted.pk]) not in html
    assert reverse("wishlists:proposal_detail", args=[world.wishlists.others.pk]) in html
    assert "Still missing" in html  # its profile is a draft


def test_contractor_sees_shortlists_requirements_eois_and_its_obligations_only(world, as_persona):
    html = page(as_persona, "foreign")
    assert "Naval candidates" in html
    assert reverse("matching:requirement_detail", args=[world.matching.published.pk]) in html
    assert reverse("matching:eoi_detail", args=[world.matching.eoi.pk]) in html
    start = html.index('id="obligations-by-programme-heading"')
    panel = html[start : html.index("</section>", start)]
    assert "Obligations per programme" in panel and "DAPA-T-001" in panel
    assert "DAPA-T-002" not in panel  # the rival contractor's MOA (the programme itself is public)
    assert "<svg" in panel


def _queue(html: str, url: str) -> int:
    """The count shown on the work-queue card linking to ``url``."""
    html = html[html.index('id="queue-heading"') :]
    start = html.index(f'href="{url}"')
    number = html.index('<span class="fs-4 fw-semibold">', start) + len('<span class="fs-4 fw-semibold">')
    return int(html[number : html.index("</span>", number)])


def test_kdia_work_queue_counts_match_their_lists(world, as_persona):
    html = page(as_persona, "kdia")
    client = as_persona("kdia")
    with translation.override("en"):
        items = home.kdia_queue(world.users.kdia)
    by_url = {item.url: item.count for item in items}
    for url, count in by_url.items():
        if url:
            assert _queue(html, url.replace("&", "&amp;")) == count
            assert client.get(url).status_code == 200, url
    assert by_url[reverse("staff_matching:queue")] == 1  # the contractor's requirement waiting
    assert by_url[reverse("wishlists:proposal_list") + "?status=submitted"] == 1
    assert by_url[reverse("offsets:claim_list") + "?status=submitted"] == 1
    assert by_url[reverse("staff_accounts:review_list")] == 1  # the pending organisation


def test_kdia_queue_includes_overdue_consultations_when_available(world):
    with translation.override("en"):
        labels = [item.label for item in home.kdia_queue(world.users.kdia)]
    try:
        import consultations.selectors  # noqa: F401
    except ImportError:
        pytest.skip("the consultations app has no selectors yet")
    assert "Consultation cases overdue" in labels


def test_dapa_work_queue(world, as_persona):
    html = page(as_persona, "dapa")
    client = as_persona("dapa")
    with translation.override("en"):
        items = home.dapa_queue(world.users.dapa)
    counts = {item.label: item.count for item in items}
    assert counts["Wish-list packages to acknowledge"] == 1
    assert counts["Claims to decide"] == 1
    for item in items:
        assert _queue(html, item.url.replace("&", "&amp;")) == item.count
        assert client.get(item.url).status_code == 200
    assert reverse("staff_dashboards:dapa") in html


def test_notices_appear_once_the_app_provides_them(world, as_persona):
    from django.template.backends.django import get_installed_libraries

    html = page(as_persona, "anonymous")
    if "notices" not in get_installed_libraries():
        pytest.skip("the notices app has no template library yet")
    assert 'id="recent-notices-title"' in html
    assert reverse("notices:notice_list") in html


def test_pending_member_is_sent_to_the_status_page(world, as_persona):
    response = as_persona("pending").get(reverse("portal:home"))
    assert response.status_code == 302


def test_pending_registrations_link_to_their_event(world, as_persona):
    from events.choices import RegistrationStatus
    from events.models import Registration

    registration = Registration.objects.get(event=world.events.open_event, company=world.directory.published)
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.PENDING)
    with translation.override("en"):
        items = [
            item for item in home.kdia_queue(world.users.kdia) if "Registrations to validate" in item.label
        ]
    assert [item.count for item in items] == [1]
    url = reverse("staff_events:registrations", args=[world.events.open_event.pk]) + "?status=pending"
    assert items[0].url == url
    assert as_persona("kdia").get(url).status_code == 200
    assert _queue(page(as_persona, "kdia"), url) == 1
