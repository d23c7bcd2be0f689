"""Who may open the event pages (rows are limited by each QuerySet's visible_to)."""

from core.permissions import role_required
from events.models import is_event_staff, participant_organization

kdia_required = role_required(is_event_staff)
# Korean companies and foreign contractors: the two sides of a 1:1 meeting.
participant_required = role_required(lambda user: participant_organization(user) is not None)
company_required = role_required(lambda user: user.is_korean_company)
