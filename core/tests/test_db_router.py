"""core.db_router: only guests' GET requests read from the replica, and not after they write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory

from accounts.models import User
from companies.models import Company
from core.db_router import PRIMARY, REPLICA, GuestReadsOnReplicaMiddleware, ReplicaRouter
from notifications.models import Notification

router = ReplicaRouter()


def _route(method="get", user=None, headers=None, during=None):
    """Where a read of Company goes inside a request (``during`` runs first, inside it)."""
    request = getattr(RequestFactory(), method)("/companies/", headers=headers or {})
    request.user = user or AnonymousUser()
    seen = {}

    def view(request):
        if during:
            during()
        seen["company"] = router.db_for_read(Company)
        seen["user"] = router.db_for_read(User)
        return None

    GuestReadsOnReplicaMiddleware(view)(request)
    return seen


def test_a_guest_page_view_reads_public_rows_from_the_replica():
    assert _route() == {"company": REPLICA, "user": PRIMARY}


def test_outside_a_request_everything_uses_the_primary():
    assert router.db_for_read(Company) == PRIMARY


def test_a_signed_in_person_reads_from_the_primary():
    signed_in = User(email="reader@example.invalid")
    assert _route(user=signed_in)["company"] == PRIMARY


def test_a_post_reads_from_the_primary():
    assert _route(method="post")["company"] == PRIMARY


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
def test_an_api_key_reads_from_the_primary(header):
    assert _route(headers={header: "Bearer example"})["company"] == PRIMARY


def test_after_a_write_the_request_reads_from_the_primary():
    assert router.db_for_write(Notification) == PRIMARY
    assert _route(during=lambda: router.db_for_write(Notification))["company"] == PRIMARY


@pytest.mark.django_db(transaction=True)  # no test-wide transaction around it
def test_inside_a_transaction_reads_use_the_primary():
    where = []

    def in_transaction():
        where.append(router.db_for_read(Company))
        with transaction.atomic():
            where.append(router.db_for_read(Company))

    _route(during=in_transaction)
    assert where == [REPLICA, PRIMARY]


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate(PRIMARY, "companies")
    assert not router.allow_migrate(REPLICA, "companies")
