"""Who may open the consultation pages (rows are limited by ``Case.objects.visible_to``)."""

from consultations.models import is_desk_staff, requester_organization
from core.permissions import role_required

# Foreign contractors and Korean companies raise cases.
requester_required = role_required(lambda user: requester_organization(user) is not None)
# Requesters read their organisation's cases, DAPA the shared ones, KDIA all of them.
reader_required = role_required(
    lambda user: requester_organization(user) is not None or user.is_dapa or is_desk_staff(user)
)
# KDIA runs the desk: the queue, triage, answers, the themes report.
desk_required = role_required(is_desk_staff)
