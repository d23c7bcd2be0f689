"""Foreign contractors' shortlists over the API: keep candidate companies with notes, compare and
export them. A shortlist is private to the contractor that keeps it; others get 403 (wrong role)
or 404 (another contractor's list), as on the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from ninja import Field, Query, Schema, Status

from companies import exporting
from companies.api import CERTS, CompanyOut, ErrorOut, _company_out, router
from companies.api_support import ERROR_STATUSES, error, form_error, not_found, refuse
from companies.filters import highest_trl
from companies.forms import ShortlistForm
from companies.models import Company, Shortlist, ShortlistEntry
from core.identifiers import normalise_brn

ERRORS = dict.fromkeys(ERROR_STATUSES, ErrorOut)
NOTE_MAX_LENGTH = 5000


class ShortlistOut(Schema):
    id: int
    name: str
    entry_count: int
    created_at: datetime
    updated_at: datetime


class ShortlistEntryOut(Schema):
    company: CompanyOut
    note: str
    added_at: datetime


class ShortlistDetailOut(ShortlistOut):
    entries: list[ShortlistEntryOut] = Field(..., description="The companies in the order they were added.")


class ShortlistIn(Schema):
    name: str = Field(..., description="A name unique among your organisation's shortlists.")


class ShortlistEntryIn(Schema):
    company: str = Field(..., description="The company's business registration number.")
    note: str | None = Field(None, max_length=NOTE_MAX_LENGTH, description="Your note on the company.")


class ShortlistNoteIn(Schema):
    note: str = Field(..., max_length=NOTE_MAX_LENGTH, description="Your note on the company.")


class ShortlistExportQuery(Schema):
    format: Literal["csv", "xlsx"] = Field(
        "csv", description="csv or xlsx: the directory's import format plus your note in the last column."
    )


# The file downloads the export answers with (GET /shortlists/{id} gives the same data as JSON).
EXPORT_RESPONSES = {
    "responses": {
        200: {
            "description": "The shortlist as a file download.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    }
}


def _contractor(request) -> None:
    refuse(not request.user.is_foreign_contractor, gettext("Shortlists are for foreign contractors."))


def _shortlist(request, shortlist_id: int) -> Shortlist:
    _contractor(request)
    shortlist = Shortlist.objects.visible_to(request.user).filter(pk=shortlist_id).first()
    if shortlist is None:
        raise not_found(gettext("No shortlist with this id that you may see."))
    return shortlist


def _visible_entries(request, shortlist: Shortlist) -> list[ShortlistEntry]:
    """Entries whose company the contractor may still see (a profile may have left the directory)."""
    return list(
        shortlist.entries.filter(company__in=Company.objects.visible_to(request.user)).select_related(
            "company"
        )
    )


def _summary(shortlist: Shortlist, entry_count: int) -> dict:
    return {
        "id": shortlist.pk,
        "name": shortlist.name,
        "entry_count": entry_count,
        "created_at": shortlist.created_at,
        "updated_at": shortlist.updated_at,
    }


def _detail(request, shortlist: Shortlist) -> dict:
    entries = _visible_entries(request, shortlist)
    loaded = highest_trl(Company.objects.filter(pk__in=[e.company_id for e in entries])).prefetch_related(
        "fields", "capabilities", "offset_fields", CERTS
    )
    by_pk = {company.pk: company for company in loaded}
    return {
        **_summary(shortlist, len(entries)),
        "entries": [
            {"company": _company_out(by_pk[e.company_id]), "note": e.note, "added_at": e.added_at}
            for e in entries
        ],
    }


def _touch(shortlist: Shortlist) -> None:
    shortlist.save(update_fields=["updated_at"])


@router.get("/shortlists", response={200: list[ShortlistOut], 403: ErrorOut}, summary="Your shortlists")
def list_shortlists(request):
    _contractor(request)
    shortlists = Shortlist.objects.visible_to(request.user)
    visible = Company.objects.visible_to(request.user)
    return [_summary(s, s.entries.filter(company__in=visible).count()) for s in shortlists]


def _named(request, form: ShortlistForm):
    if not form.is_valid():
        return form_error(form)
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        return error(
            409, gettext("You already have a shortlist with this name."), field="name", code="conflict"
        )


@router.post("/shortlists", response={201: ShortlistDetailOut, **ERRORS}, summary="Start a shortlist")
def create_shortlist(request, payload: ShortlistIn):
    _contractor(request)
    form = ShortlistForm(
        {"name": payload.name},
        instance=Shortlist(organization=request.user.organization, created_by=request.user),
    )
    result = _named(request, form)
    return result if isinstance(result, Status) else Status(201, _detail(request, result))


@router.get(
    "/shortlists/{shortlist_id}",
    response={200: ShortlistDetailOut, **ERRORS},
    summary="One shortlist with its companies side by side and your notes",
)
def get_shortlist(request, shortlist_id: int):
    return _detail(request, _shortlist(request, shortlist_id))


@router.patch(
    "/shortlists/{shortlist_id}", response={200: ShortlistDetailOut, **ERRORS}, summary="Rename a shortlist"
)
def rename_shortlist(request, shortlist_id: int, payload: ShortlistIn):
    form = ShortlistForm({"name": payload.name}, instance=_shortlist(request, shortlist_id))
    result = _named(request, form)
    return result if isinstance(result, Status) else _detail(request, result)


@router.delete("/shortlists/{shortlist_id}", response={204: None, **ERRORS}, summary="Delete a shortlist")
def delete_shortlist(request, shortlist_id: int):
    _shortlist(request, shortlist_id).delete()
    return Status(204, None)


@router.post(
    "/shortlists/{shortlist_id}/entries",
    response={200: ShortlistDetailOut, 201: ShortlistDetailOut, **ERRORS},
    summary="Add a company to a shortlist (201; 200 when it is already there, with the note updated)",
)
def add_entry(request, shortlist_id: int, payload: ShortlistEntryIn):
    shortlist = _shortlist(request, shortlist_id)
    company = Company.objects.visible_to(request.user).filter(brn=normalise_brn(payload.company)).first()
    if company is None:
        return error(
            422,
            gettext("No company with this business registration number."),
            field="company",
            code="invalid",
        )
    with transaction.atomic():
        entry, created = ShortlistEntry.objects.get_or_create(
            shortlist=shortlist, company=company, defaults={"note": payload.note or ""}
        )
        if not created and payload.note is not None:
            entry.note = payload.note
            entry.save(update_fields=["note"])
        _touch(shortlist)
    return Status(201 if created else 200, _detail(request, shortlist))


def _entry(request, shortlist_id: int, brn: str) -> tuple[Shortlist, ShortlistEntry]:
    shortlist = _shortlist(request, shortlist_id)
    entry = shortlist.entries.filter(company__brn=normalise_brn(brn or "")).first()
    if entry is None:
        raise not_found(gettext("This company is not on the shortlist."))
    return shortlist, entry


@router.patch(
    "/shortlists/{shortlist_id}/entries/{brn}",
    response={200: ShortlistDetailOut, **ERRORS},
    summary="Change your note on a company in a shortlist",
)
def update_entry(request, shortlist_id: int, brn: str, payload: ShortlistNoteIn):
    shortlist, entry = _entry(request, shortlist_id, brn)
    with transaction.atomic():
        entry.note = payload.note
        entry.save(update_fields=["note"])
        _touch(shortlist)
    return _detail(request, shortlist)


@router.delete(
    "/shortlists/{shortlist_id}/entries/{brn}",
    response={204: None, **ERRORS},
    summary="Remove a company from a shortlist",
)
def remove_entry(request, shortlist_id: int, brn: str):
    shortlist, entry = _entry(request, shortlist_id, brn)
    with transaction.atomic():
        entry.delete()
        _touch(shortlist)
    return Status(204, None)


@router.get(
    "/shortlists/{shortlist_id}/export",
    response={403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Export a shortlist as CSV or XLSX, in the directory's import format with your notes",
    openapi_extra=EXPORT_RESPONSES,
)
def export_shortlist(request, shortlist_id: int, query: Query[ShortlistExportQuery]):
    shortlist = _shortlist(request, shortlist_id)
    entries = _visible_entries(request, shortlist)
    companies = Company.objects.filter(pk__in=[entry.company_id for entry in entries])
    rows_by_brn = {row[0]: row for row in exporting.company_rows(companies)}
    rows = [
        [*rows_by_brn[e.company.brn], exporting.neutralise(e.note)]
        for e in entries
        if e.company.brn in rows_by_brn
    ]
    return exporting.export_response(
        [*exporting.COMPANY_COLUMNS, "note"], rows, query.format, "koffset-shortlist"
    )
