from django.urls import path

from events.views import agenda, participant, public, schedule, staff

app_name = "events"

urlpatterns = [
    path("events/", public.event_list, name="event_list"),
    path("events/calendar/", agenda.feed_manage, name="feed_manage"),
    path("events/calendar/<str:token>.ics", agenda.feed, name="feed"),
    path("events/<int:pk>/", public.event_detail, name="event_detail"),
    path("events/<int:pk>/register/", participant.register, name="register"),
    path("events/<int:pk>/withdraw/", participant.withdraw, name="withdraw"),
    path("events/<int:pk>/participants/", participant.participants, name="participants"),
    path("events/<int:pk>/requests/", participant.requests, name="requests"),
    path("events/<int:pk>/requests/new/", participant.request_create, name="request_create"),
    path("events/<int:pk>/availability/", participant.availability, name="availability"),
    path("events/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("events/<int:pk>/agenda.ics", agenda.agenda_ics, name="agenda_ics"),
    path("events/requests/<int:pk>/answer/", participant.request_answer, name="request_answer"),
    path("events/requests/<int:pk>/cancel/", participant.request_cancel, name="request_cancel"),
    path("events/requests/<int:pk>/book/", participant.book, name="book"),
    path("events/meetings/<int:pk>/outcome/", participant.meeting_outcome, name="meeting_outcome"),
]

# Mounted under /staff/events/ (namespace "staff_events"): KDIA, behind the second factor.
staff_urlpatterns = (
    [
        path("", staff.event_list, name="event_list"),
        path("new/", staff.event_create, name="event_create"),
        path("<int:pk>/", staff.dashboard, name="dashboard"),
        path("<int:pk>/edit/", staff.event_edit, name="event_edit"),
        path("<int:pk>/status/", staff.change_status, name="status"),
        path("<int:pk>/grid/", staff.grid, name="grid"),
        path("<int:pk>/contractors/", staff.contractors, name="contractors"),
        path(
            "<int:pk>/contractors/<int:entry_pk>/remove/", staff.contractor_remove, name="contractor_remove"
        ),
        path("<int:pk>/registrations/", staff.registrations, name="registrations"),
        path(
            "<int:pk>/registrations/<int:registration_pk>/decide/",
            staff.registration_decide,
            name="registration_decide",
        ),
        path("<int:pk>/requests/", staff.requests, name="requests"),
        path("<int:pk>/schedule/", schedule.schedule, name="schedule"),
        path("<int:pk>/schedule/run/", schedule.schedule_run, name="schedule_run"),
        path("<int:pk>/requests/<int:request_pk>/place/", schedule.place, name="place"),
        path("<int:pk>/meetings/<int:meeting_pk>/", schedule.meeting, name="meeting"),
        path("<int:pk>/checkin/", schedule.checkin, name="checkin"),
        path("<int:pk>/meetings/<int:meeting_pk>/attendance/", schedule.attendance, name="attendance"),
        path("<int:pk>/meetings/<int:meeting_pk>/outcome/", schedule.outcome, name="outcome"),
    ],
    "staff_events",
)
