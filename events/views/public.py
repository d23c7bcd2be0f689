"""The list of events and an event's page, open to everyone (drafts only to KDIA and DAPA)."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from events import services
from events.choices import ACTIVE_REGISTRATION_STATUSES, RequestStatus
from events.models import Event, MeetingRequest, Registration, is_event_staff, participant_organization


def event_list(request):
    events = Event.objects.visible_to(request.user)
    now = timezone.now()
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": events.filter(ends_at__gte=now).order_by("starts_at"),
            "past": events.filter(ends_at__lt=now).order_by("-starts_at")[:20],
            "is_staff": is_event_staff(request.user),
        },
    )


def event_detail(request, pk):
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("programme").prefetch_related("defence_fields"),
        pk=pk,
    )
    organization = participant_organization(request.user)
    company = (
        getattr(organization, "company", None)
        if request.user.is_authenticated and request.user.is_korean_company
        else None
    )
    registration = (
        Registration.objects.filter(event=event, company=company).first() if company is not None else None
    )
    participant = services.is_participant(event, organization)
    context = {
        "event": event,
        "company": company,
        "registration": registration,
        "participant": participant,
        "can_register": company is not None
        and event.registration_is_open
        and not (registration and registration.status in ACTIVE_REGISTRATION_STATUSES),
        "problems": services.eligibility_problems(event, company) if company is not None else [],
        "contractors": event.contractors.select_related("organization"),
        "is_staff": is_event_staff(request.user),
    }
    if participant:
        mine = MeetingRequest.objects.visible_to(request.user).filter(event=event)
        context["waiting"] = mine.answerable_by(request.user).count()
        context["accepted"] = mine.filter(status=RequestStatus.ACCEPTED).count()
    return render(request, "events/event_detail.html", context)
