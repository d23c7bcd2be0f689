"""A participant's agenda on screen (printable), as an .ics file, and as a private calendar feed.

Participants see their own agenda once KDIA publishes it (and meetings they booked themselves);
KDIA and DAPA open any participant's agenda with ``?participant=<organisation id>``. The feed URL
carries a secret token instead of a session: revoking or regenerating it makes the old URL a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Organization
from core import bilingual
from events import agenda as agendas
from events.choices import AGENDA_STATUSES
from events.models import CalendarFeed, participant_organization, sees_all_events
from events.permissions import participant_required


@login_required
def agenda(request, pk):
    event, organization, meetings = agendas.agenda_of(request.user, pk, request.GET.get("participant"))
    context = {
        "event": event,
        "organization": organization,
        "rows": [(meeting, agendas.counterpart(meeting, organization)) for meeting in meetings],
        "published": event.status in AGENDA_STATUSES,
        "staff_view": sees_all_events(request.user),
    }
    if organization is None:  # KDIA or DAPA without a participant chosen: the list to choose from
        context["participants"] = Organization.objects.filter(
            pk__in=[*event.contractors.values_list("organization", flat=True)]
        ) | Organization.objects.filter(
            company__event_registrations__event=event, company__event_registrations__status="validated"
        )
    return render(request, "events/agenda.html", context)


@login_required
def agenda_ics(request, pk):
    event, organization, meetings = agendas.agenda_of(request.user, pk, request.GET.get("participant"))
    if organization is None:
        raise Http404
    language = translation.get_language()[:2]
    content = agendas.calendar(
        meetings, organization, language=language, name=bilingual.pick(event, "title", language)
    )
    return agendas.ics_response(content, f"k-offset-event-{event.pk}.ics")


@participant_required
@require_http_methods(["GET", "POST"])
def feed_manage(request):
    """Show, create, regenerate or revoke the user's private calendar feed URL."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action in agendas.FEED_ACTIONS:
            messages.success(request, agendas.change_feed(request.user, action))
        else:
            messages.error(request, _("Choose what to do with the calendar feed."))
        return redirect("events:feed_manage")
    feed = agendas.feed_of(request.user)
    url = request.build_absolute_uri(agendas.feed_url(feed)) if feed else ""
    return render(request, "events/feed_manage.html", {"feed": feed, "url": url})


def feed(request, token):
    """The calendar feed: no session, the token is the key. Unknown, revoked or regenerated
    tokens, and people who left their organisation, get a 404."""
    record = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if record is None or not record.user.is_active:
        raise Http404
    organization = participant_organization(record.user)
    if organization is None:
        raise Http404
    CalendarFeed.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    language = record.user.preferred_language or "ko"
    content = agendas.calendar(
        agendas.feed_meetings(organization),
        organization,
        language=language,
        name=f"K-OFFSET · {organization.name}",
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
