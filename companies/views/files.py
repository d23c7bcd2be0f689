"""Uploaded files, served only after the same visibility check as the page they belong to."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from companies.lookups import visible_company
from companies.models import Company, ProductPhoto
from core.files import serve_protected

COMPANY_FILES = {"logo": True, "brochure": False}  # field -> shown inline


def company_file(request, brn, kind):
    if kind not in COMPANY_FILES:
        raise Http404
    company = visible_company(request, brn)
    field_file = getattr(company, kind)
    if not field_file:
        raise Http404
    return serve_protected(
        request, field_file, inline=COMPANY_FILES[kind], download_name=f"{company.brn}-{kind}"
    )


def photo(request, pk, size):
    if size not in ("thumb", "full"):
        raise Http404
    item = get_object_or_404(
        ProductPhoto.objects.filter(product__company__in=Company.objects.visible_to(request.user)), pk=pk
    )
    field_file = item.thumbnail if size == "thumb" and item.thumbnail else item.image
    return serve_protected(request, field_file)
