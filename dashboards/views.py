"""KDIA's and DAPA's dashboards, the public statistics page, and each chart's CSV download.

A page and its CSV downloads run the same query with the same filters (``pages.py``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse

from audit.services import record_export
from core.permissions import kdia_required
from core.spreadsheets import export_response
from dashboards import pages
from dashboards.charts import Panel
from dashboards.datasets import csv_table
from dashboards.forms import Filters, filters_from
from offsets.permissions import programme_staff_required  # DAPA, and KDIA, which sees every obligation


def _query(filters: Filters) -> str:
    values = {"year": filters.year, "field": filters.field.code if filters.field else None}
    present = {key: value for key, value in values.items() if value}
    return f"?{urlencode(present)}" if present else ""


def _page(request, page: pages.Page):
    form, filters = filters_from(request.GET)
    panels = []
    for slug, query in page.datasets.items():
        dataset = query(request.user, filters)
        csv_url = reverse(page.csv_url_name, kwargs={"slug": slug}) + _query(filters)
        panels.append(Panel(dataset, csv_url))
    context = {"form": form, "panels": panels, "title": page.title, "intro": page.intro, "page": page}
    return render(request, page.template, context)


def _csv(request, page: pages.Page, slug: str):
    query = page.datasets.get(slug)
    if query is None:
        raise Http404
    form, filters = filters_from(request.GET)
    if form.errors:
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    dataset = query(request.user, filters)
    header, rows = csv_table(dataset)
    record_export(request, f"dashboard:{slug}", rows=len(rows))
    stem = "-".join(str(part) for part in (slug, filters.year, filters.field and filters.field.code) if part)
    return export_response(header, rows, "csv", stem)


@kdia_required
def kdia_dashboard(request):
    return _page(request, pages.kdia())


@kdia_required
def kdia_csv(request, slug):
    return _csv(request, pages.kdia(), slug)


@programme_staff_required
def dapa_dashboard(request):
    return _page(request, pages.dapa())


@programme_staff_required
def dapa_csv(request, slug):
    return _csv(request, pages.dapa(), slug)


def statistics(request):
    return _page(request, pages.public_page())


def statistics_csv(request, slug):
    return _csv(request, pages.public_page(), slug)
