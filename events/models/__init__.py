from events.models.event import (
    Availability,
    Event,
    EventContractor,
    Registration,
    Table,
    TimeSlot,
    is_event_staff,
    participant_organization,
    sees_all_events,
)
from events.models.meeting import CalendarFeed, Meeting, MeetingRequest, ScheduleRun

__all__ = [
    "Availability",
    "CalendarFeed",
    "Event",
    "EventContractor",
    "Meeting",
    "MeetingRequest",
    "Registration",
    "ScheduleRun",
    "Table",
    "TimeSlot",
    "is_event_staff",
    "participant_organization",
    "sees_all_events",
]
