"""Registration: eligibility, KDIA's check, capacity with the waiting list and its promotion."""

import pytest
from django.urls import reverse

from events import services
from events.choices import EventStatus, RegistrationStatus
from events.models import Registration
from events.testing import make_event
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_without_a_manual_check_places_go_first_come_then_the_waiting_list(cast):
    cast.event.capacity = 1
    cast.event.save()
    first = services.register(cast.event.pk, cast.company, by=cast.people.korean)
    second = services.register(cast.event.pk, cast.other_company, by=cast.people.other)
    assert (first.status, second.status) == (RegistrationStatus.VALIDATED, RegistrationStatus.WAITLISTED)
    # The first withdraws: the waiting list moves up and the company is told.
    services.withdraw(first.pk, by=cast.people.korean)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.VALIDATED
    assert Notification.objects.filter(user=cast.people.other, title_en__contains="Validated").exists()


def test_kdia_checks_each_registration_and_a_full_event_waitlists(cast):
    cast.event.manual_check, cast.event.capacity = True, 1
    cast.event.save()
    first = services.register(cast.event.pk, cast.company, by=cast.people.korean)
    second = services.register(cast.event.pk, cast.other_company, by=cast.people.other)
    assert first.status == second.status == RegistrationStatus.PENDING
    assert Notification.objects.filter(
        user=cast.people.kdia, title_en__contains="Registration to check"
    ).exists()
    services.decide_registration(first.pk, decision="validated", by=cast.people.kdia)
    assert services.decide_registration(second.pk, decision="validated", by=cast.people.kdia).status == (
        RegistrationStatus.WAITLISTED
    )
    with pytest.raises(services.Refused, match="Say why"):
        services.decide_registration(first.pk, decision="rejected", reason=" ", by=cast.people.kdia)
    services.decide_registration(
        first.pk, decision="rejected", reason="Not a naval supplier.", by=cast.people.kdia
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_reason) == (RegistrationStatus.REJECTED, "Not a naval supplier.")
    assert second.status == RegistrationStatus.VALIDATED


def test_eligibility_size_class_and_fields(cast):
    cast.event.size_classes = ["sme"]
    cast.event.save()
    with pytest.raises(services.Refused, match="size class"):
        services.register(cast.event.pk, cast.large_company, by=cast.people.large)
    cast.event.size_classes = []
    cast.event.save()
    cast.event.defence_fields.set(cast.company.fields.all())
    with pytest.raises(services.Refused, match="defence fields"):
        services.register(cast.event.pk, cast.large_company, by=cast.people.large)
    assert services.register(cast.event.pk, cast.company, by=cast.people.korean).status == "validated"


def test_registration_only_while_open_and_only_once(cast):
    services.register(cast.event.pk, cast.company, by=cast.people.korean)
    with pytest.raises(services.Refused, match="already registered"):
        services.register(cast.event.pk, cast.company, by=cast.people.korean)
    draft = make_event(status=EventStatus.DRAFT)
    with pytest.raises(services.Refused, match="not open"):
        services.register(draft.pk, cast.company, by=cast.people.korean)


def test_registering_on_the_page_keeps_only_the_companys_own_products(cast, login):
    from companies.models import Product

    own = Product.objects.create(company=cast.company, name_en="Sonar dome")
    foreign = Product.objects.create(company=cast.other_company, name_en="Not ours")
    client = login(cast.people.korean)
    url = reverse("events:register", args=[cast.event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"products": [own.pk, foreign.pk]})
    assert response.status_code == 200  # the other company's product is not a valid choice
    assert "products" in response.context["form"].errors
    response = client.post(url, {"products": [own.pk], "note_en": "Sonar domes"})
    assert response.status_code == 302
    registration = Registration.objects.get(event=cast.event, company=cast.company)
    assert list(registration.products.all()) == [own]


def test_the_registration_page_in_both_languages(cast, login):
    url = reverse("events:register", args=[cast.event.pk])
    assert "회사 등록하기" in login(cast.people.other, "ko").get(url).content.decode()
    assert "Register your company" in login(cast.people.other, "en").get(url).content.decode()
    detail = login(cast.people.other, "ko").get(reverse("events:event_detail", args=[cast.event.pk]))
    assert "함정 분야 절충교역 상담회" in detail.content.decode() and "상담회" in detail.content.decode()
    english = login(cast.people.other, "en").get(reverse("events:event_detail", args=[cast.event.pk]))
    assert "Naval systems consultation day" in english.content.decode()


def test_contractors_cannot_register(cast, login):
    assert (
        login(cast.people.contractor).get(reverse("events:register", args=[cast.event.pk])).status_code == 403
    )


def test_opening_registration_tells_eligible_companies_once(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    from companies.models import DefenceField

    cast.people.other.preferred_language = "en"
    cast.people.other.save()
    draft = make_event(status=EventStatus.DRAFT, title_en="Frigate suppliers day", size_classes=["sme"])
    draft.defence_fields.set(DefenceField.objects.filter(code="naval"))
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(draft.pk, EventStatus.REGISTRATION_OPEN, by=cast.people.kdia)
    told = set(
        Notification.objects.filter(url__contains=f"/events/{draft.pk}/").values_list("user", flat=True)
    )
    # The two naval SMEs hear of it; the large aircraft firm and the contractors do not.
    assert told == {cast.people.korean.pk, cast.people.other.pk}
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects[cast.people.other.email] == "[K-OFFSET] Registration is open: Frigate suppliers day"
    assert subjects[cast.people.korean.email] == "[K-OFFSET] 등록 접수 시작: 함정 분야 절충교역 상담회"

    # Closing and opening again is not a new announcement.
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(draft.pk, EventStatus.REGISTRATION_CLOSED, by=cast.people.kdia)
        services.change_status(draft.pk, EventStatus.REGISTRATION_OPEN, by=cast.people.kdia)
    assert Notification.objects.filter(url__contains=f"/events/{draft.pk}/").count() == 2
