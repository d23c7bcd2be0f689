"""The demo's conversations: two threads of Northwind Aerosystems with Korean companies, loaded once."""

import pytest
from django.core.management import call_command

from accounts.models import User
from inquiries import services
from inquiries.models import Message, Thread

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_conversations_and_loading_again_adds_none(capsys):
    call_command("load_demo")
    threads = list(Thread.objects.select_related("contractor", "company__organization"))
    assert len(threads) == 2
    assert {thread.contractor.name_en for thread in threads} == {"Northwind Aerosystems"}
    assert len({thread.company_id for thread in threads}) == 2
    assert all(thread.company.organization is not None for thread in threads)
    assert all(thread.messages.count() >= 2 for thread in threads)
    for thread in threads:
        assert thread.last_message_at == thread.messages.last().created_at
    buyer = User.objects.get(email__startswith="buyer.northwind@")
    assert services.unread_thread_count(buyer) == 1
    messages = Message.objects.count()
    call_command("load_demo")
    assert (Thread.objects.count(), Message.objects.count()) == (2, messages)
