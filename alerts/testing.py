"""Test helpers for saved searches, also for the permission matrix's URL arguments."""

from alerts.choices import Frequency
from alerts.models import SavedSearch


def make_saved_search(user, kind="companies", querystring="field=naval", **fields) -> SavedSearch:
    fields.setdefault("name", "Naval companies")
    fields.setdefault("frequency", Frequency.WEEKLY)
    return SavedSearch.objects.create(user=user, kind=kind, querystring=querystring, **fields)


def korean_member_search(world) -> dict:
    """URL kwargs: a saved search of the Korean company's member (anyone else's id is a 404)."""
    return {"pk": make_saved_search(world.users.korean_member).pk}


def korean_member_unsubscribe(world) -> dict:
    """URL kwargs: the unsubscribe token of the Korean company's member's saved search."""
    return {"token": make_saved_search(world.users.korean_member).unsubscribe_token}
