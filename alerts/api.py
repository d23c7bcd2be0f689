"""Saved searches ("alerts") over the API: list, save, read, change and delete one's own.

The same permission path as the pages (``SavedSearch.objects.visible_to``: a person's own, anyone
else's id is a 404, KDIA's included), the same forms (so the same messages) and the same service:
the querystring is stored in canonical form, and saving the filters of a search one already keeps
updates that search (200) instead of adding another (201). A single search's reads and writes carry
its ETag (the version the page's edit form carries); a change needs it in If-Match, so a rename in
another tab or a click on the digest's unsubscribe link is not silently overwritten.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Field, P, Path, Query, Router, Schema, Status

from alerts import services
from alerts.forms import SavedSearchForm, SaveSearchForm
from alerts.models import SavedSearch
from api.concurrency import require_if_match, set_etag
from api.errors import ApiError, ErrorOut, first_form_error

router = Router(tags=["alerts"])

# Ids beyond this are refused with a 422 naming the field instead of overflowing in the database.
MAX_ID = 2**62
SearchId = Path[int, P(ge=1, le=MAX_ID)]
MAX_LIMIT = 100
ERRORS = dict.fromkeys((403, 404, 409, 422), ErrorOut)
FREQUENCIES = "daily, weekly or off (no digest)"


class SavedSearchOut(Schema):
    id: int
    kind: str = Field(..., description="The list searched: companies, products or requirements.")
    kind_label: str
    name: str
    querystring: str = Field(..., description="The filters, in canonical form (as in the list page's URL).")
    frequency: str = Field(..., description=FREQUENCIES)
    last_sent_at: datetime | None = Field(..., description="The end of the window the last digest covered.")
    created_at: datetime
    url: str = Field(..., description="The list page with these filters (a path on this site).")


class SavedSearchPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[SavedSearchOut]


class SavedSearchQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Items to skip.")


class SaveSearchIn(Schema):
    kind: str = Field(..., description="The list to search: companies, products or requirements.")
    querystring: str = Field("", description="The list page's filters, e.g. field=naval&region=gyeongnam.")
    name: str = Field("", description="A name; without one, the list and its filters name it.")
    frequency: str = Field("weekly", description="daily or weekly: how often new matches are sent.")


class SavedSearchIn(Schema):
    """Only the fields given change; an empty name or frequency keeps the current one."""

    name: str | None = Field(None, description="A new name.")
    frequency: str | None = Field(None, description=FREQUENCIES)


def _search_out(search: SavedSearch) -> dict:
    return {
        "id": search.pk,
        "kind": search.kind,
        "kind_label": str(search.kind_label),
        "name": search.name,
        "querystring": search.querystring,
        "frequency": search.frequency,
        "last_sent_at": search.last_sent_at,
        "created_at": search.created_at,
        "url": search.result_path,
    }


def _form_refusal(form, *, form_wide_field: str | None = None) -> Status:
    """422 naming the first field the page's form refused."""
    field, code, message, _total = first_form_error(form)
    return Status(422, {"code": code, "message": str(message), "field": field or form_wide_field})


def _own_search(request, search_id: int, *, lock: bool = False) -> SavedSearch:
    searches = SavedSearch.objects.visible_to(request.user)
    if lock:
        searches = searches.select_for_update()
    search = searches.filter(pk=search_id).first()
    if search is None:
        raise ApiError(404, "not_found", gettext("No saved search of yours with this id."))
    return search


@router.get("/alerts", response={200: SavedSearchPage, 403: ErrorOut}, summary="Your saved searches")
def list_searches(request, query: Query[SavedSearchQuery]):
    searches = SavedSearch.objects.visible_to(request.user)
    window = searches[query.offset : query.offset + query.limit]
    return {
        "count": searches.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_search_out(search) for search in window],
    }


@router.post(
    "/alerts",
    response={200: SavedSearchOut, 201: SavedSearchOut, **ERRORS},
    summary="Save a search with a digest of new matches (201; 200 when you had saved these filters)",
)
def save_search(request, payload: SaveSearchIn, response: HttpResponse):
    form = SaveSearchForm(payload.dict())
    if not form.is_valid():
        # The form's only whole-form refusal is a querystring with too many filters.
        return _form_refusal(form, form_wide_field="querystring")
    data = form.cleaned_data
    try:
        search, created = services.save_search(
            request.user, data["kind"], data["querystring"], name=data["name"], frequency=data["frequency"]
        )
    except services.SaveError as refused:
        raise ApiError(409, "limit_reached", str(refused)) from None
    set_etag(response, search)
    return Status(201 if created else 200, _search_out(search))


@router.get(
    "/alerts/{search_id}",
    response={200: SavedSearchOut, 403: ErrorOut, 404: ErrorOut},
    summary="One of your saved searches (the ETag is its version, for If-Match)",
)
def get_search(request, search_id: SearchId, response: HttpResponse):
    search = _own_search(request, search_id)
    set_etag(response, search)
    return _search_out(search)


@router.patch(
    "/alerts/{search_id}",
    response={200: SavedSearchOut, **ERRORS, 412: ErrorOut, 428: ErrorOut},
    summary="Rename a saved search or change its digest (If-Match with its ETag)",
)
def update_search(request, search_id: SearchId, payload: SavedSearchIn, response: HttpResponse):
    with transaction.atomic():
        # Locked before comparing versions, so two writers holding the same ETag cannot both pass.
        search = _own_search(request, search_id, lock=True)
        require_if_match(request, search)
        form = SavedSearchForm(
            {"name": payload.name or "", "frequency": payload.frequency or ""}, instance=search
        )
        if not form.is_valid():
            return _form_refusal(form)
        search = form.save()
    set_etag(response, search)
    return _search_out(search)


@router.delete("/alerts/{search_id}", response={204: None, **ERRORS}, summary="Delete a saved search")
def delete_search(request, search_id: SearchId):
    _own_search(request, search_id).delete()
    return Status(204, None)
