"""Who may open the message pages (rows are limited by ``Thread.objects.visible_to``)."""

from core.permissions import role_required
from inquiries.models import participant_organization

# Inbox and new threads: members of approved foreign contractors and Korean companies.
# KDIA and DAPA take no part in these private commercial conversations.
participant_required = role_required(lambda user: participant_organization(user) is not None)
