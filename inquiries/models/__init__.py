"""Message threads between a foreign contractor and a Korean company; import them from here."""

from inquiries.models.message import Message, MessageAttachment
from inquiries.models.thread import Thread, ThreadRead, participant_organization

__all__ = ["Message", "MessageAttachment", "Thread", "ThreadRead", "participant_organization"]
