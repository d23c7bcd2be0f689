"""The public directory: company and product lists with facets, detail pages, comparison, exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from audit.services import record_export
from companies import exporting, services
from companies.filters import (
    COMPANY_FACETS,
    PRODUCT_FACETS,
    CompanyFilter,
    ProductFilter,
    has_filters,
    highest_trl,
    listing,
)
from companies.lookups import visible_company
from companies.models import Certification, Company, Contact, Product, Shortlist
from core import bilingual
from core.identifiers import normalise_brn
from search.highlight import mark, snippet

PAGE_SIZE = 20
MAX_COMPARE = 4


def _list_context(request, filterset_class, queryset, facets):
    """The filtered list as a page of primary keys, with facet counts."""
    filterset = filterset_class(request.GET, queryset=queryset)
    ids, counted = listing(filterset, facets)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "page": page,
        "facets": counted,
        "filtered": has_filters(request.GET),
        "query_string": _query_without_page(request),
    }


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def company_list(request):
    """The directory of Korean companies, filtered by facets, sorted and paginated; the URL holds it all."""
    queryset = Company.objects.visible_to(request.user)
    context = _list_context(request, CompanyFilter, queryset, COMPANY_FACETS)
    companies = _page_companies(context["page"])
    _explain(context["filter"].search_result, companies)
    context.update(companies=companies, shortlists=_shortlists(request))
    context.update(_suggestions(request, CompanyFilter, queryset, context))
    template = "companies/_company_results.html" if request.htmx else "companies/company_list.html"
    return render(request, template, context)


def _page_companies(page) -> list[Company]:
    """The page's companies with their terms, product count and highest TRL, in a fixed number of queries."""
    ids = list(page.object_list)
    loaded = highest_trl(Company.objects.filter(pk__in=ids)).prefetch_related(
        "fields", "capabilities", Prefetch("certifications", Certification.objects.select_related("type"))
    )
    by_pk = {company.pk: company for company in loaded}
    return [by_pk[pk] for pk in ids]


def _explain(result, objects) -> None:
    """Attach to each listed object why it matched the query, and its text with the matches marked."""
    if result is None:
        return
    hits = {hit.object_id: hit for hit in result.hits}
    labels = result.highlight_terms
    for obj in objects:
        obj.search_hit = hits.get(obj.pk)
        obj.snippet = snippet(bilingual.pick(obj, "description"), labels)
        obj.marked_name = mark(obj.name, labels)


def _suggestions(request, filterset_class, queryset, context) -> dict:
    """When a search finds nothing: the same words without the other filters, and in the other language."""
    result = context["filter"].search_result
    if result is None or context["page"].paginator.count:
        return {}
    query = request.GET.get("q", "")
    without_filters = (
        filterset_class({"q": query}, queryset=queryset).qs.count() if context["filtered"] else 0
    )
    other_language = sorted(
        {alt.label for term in result.query.terms for alt in term.alternatives[1:] if alt.label != term.text}
    )[:6]
    return {"count_without_filters": without_filters, "other_language": other_language, "search_query": query}


def _shortlists(request):
    return list(Shortlist.objects.visible_to(request.user)) if request.user.is_authenticated else []


def product_list(request):
    queryset = Product.objects.visible_to(request.user).select_related("company", "category")
    context = _list_context(request, ProductFilter, queryset, PRODUCT_FACETS)
    ids = list(context["page"].object_list)
    loaded = queryset.filter(pk__in=ids).prefetch_related("photos").in_bulk()
    context["products"] = [loaded[pk] for pk in ids]
    _explain(context["filter"].search_result, context["products"])
    context.update(_suggestions(request, ProductFilter, queryset, context))
    template = "companies/_product_results.html" if request.htmx else "companies/product_list.html"
    return render(request, template, context)


def company_detail(request, brn):
    company = visible_company(request, brn)
    products = (
        company.products.select_related("category").prefetch_related("photos").order_by("name_en", "name_ko")
    )
    editable = Company.objects.editable_by(request.user).filter(pk=company.pk).exists()
    score, missing = services.completeness(company) if editable else (None, [])
    context = {
        "company": company,
        "products": products,
        "certifications": Certification.objects.filter(company=company).select_related("type"),
        "track_records": company.track_records.all(),
        "contacts": Contact.objects.visible_to(request.user).filter(company=company),
        "contacts_hidden": not request.user.is_authenticated,
        "editable": editable,
        "completeness": score,
        "missing": missing,
        "shortlists": _shortlists(request),
        "is_owner": request.user.is_authenticated
        and company.organization_id == getattr(request.user.organization, "pk", None),
    }
    return render(request, "companies/company_detail.html", context)


def product_detail(request, pk):
    product = get_object_or_404(
        Product.objects.visible_to(request.user)
        .select_related("company", "category")
        .prefetch_related("specifications", "photos"),
        pk=pk,
    )
    editable = Product.objects.editable_by(request.user).filter(pk=product.pk).exists()
    return render(request, "companies/product_detail.html", {"product": product, "editable": editable})


def compare(request):
    """Up to four companies side by side."""
    brns = [normalise_brn(value) for value in request.GET.getlist("c") if value.strip()]
    brns = list(dict.fromkeys(brns))  # keep order, drop repeats
    if len(brns) > MAX_COMPARE:
        return HttpResponseBadRequest(
            _("Compare at most %(count)s companies at a time.") % {"count": MAX_COMPARE},
            content_type="text/plain; charset=utf-8",
        )
    queryset = highest_trl(Company.objects.visible_to(request.user).filter(brn__in=brns)).prefetch_related(
        "fields",
        "capabilities",
        "offset_fields",
        Prefetch("certifications", Certification.objects.select_related("type")),
    )
    by_brn = {company.brn: company for company in queryset}
    companies = [by_brn[brn] for brn in brns if brn in by_brn]
    return render(
        request,
        "companies/compare.html",
        {"companies": companies, "max_compare": MAX_COMPARE, "shortlists": _shortlists(request)},
    )


@login_required
def export_companies(request, fmt):
    """The current filter result, in the import format."""
    _require_exporter(request.user)
    queryset = CompanyFilter(request.GET, queryset=Company.objects.visible_to(request.user)).qs
    record_export(request, "companies", fmt=fmt, rows=queryset.count())
    return _export(exporting.COMPANY_COLUMNS, exporting.company_rows(queryset), fmt, "koffset-companies")


@login_required
def export_products(request, fmt):
    _require_exporter(request.user)
    queryset = ProductFilter(request.GET, queryset=Product.objects.visible_to(request.user)).qs
    record_export(request, "products", fmt=fmt, rows=queryset.count())
    return _export(exporting.PRODUCT_COLUMNS, exporting.product_rows(queryset), fmt, "koffset-products")


def _require_exporter(user):
    """Bulk exports are for members of approved organisations (guests browse, they do not harvest)."""
    if user.organization is None or not user.organization.is_approved:
        raise PermissionDenied


def _export(columns, rows, fmt, stem):
    try:
        return exporting.export_response(columns, rows, fmt, stem)
    except ValueError:
        return HttpResponseBadRequest(_("Export as csv or xlsx."), content_type="text/plain; charset=utf-8")
