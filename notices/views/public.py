"""The notices board and the information pages, open to everyone (drafts only to KDIA)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from companies.choices import OffsetTypePair
from companies.models import DefenceField, OffsetField
from core.files import serve_protected
from notices.choices import PageSlug
from notices.filters import NoticeFilter
from notices.models import FaqEntry, InfoPage, Notice, is_editor
from notices.rules_summary import rules_in_force

PAGE_SIZE = 20


def notice_list(request):
    notices = Notice.objects.visible_to(request.user).select_related("category")
    filterset = NoticeFilter(request.GET, queryset=notices)
    valid = filterset.is_valid()
    shown = filterset.qs.board_order() if valid else Notice.objects.none()
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/notice_list.html",
        {"filter": filterset, "page": page, "is_editor": is_editor(request.user)},
        status=200 if valid else 400,
    )


def notice_detail(request, pk):
    notice = get_object_or_404(
        Notice.objects.visible_to(request.user).select_related("category").prefetch_related("attachments"),
        pk=pk,
    )
    return render(
        request, "notices/notice_detail.html", {"notice": notice, "is_editor": is_editor(request.user)}
    )


def attachment(request, pk, attachment_pk):
    """An attachment of a notice the visitor may see; never a direct media URL."""
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    record = get_object_or_404(notice.attachments, pk=attachment_pk)
    return serve_protected(request, record.file, download_name=record.original_name, inline=False)


def page_index(request):
    pages = InfoPage.objects.visible_to(request.user)
    return render(request, "notices/page_index.html", {"pages": pages, "is_editor": is_editor(request.user)})


def _generated_parts(slug: str, user) -> dict:
    """What a page shows under its editable text, built from data rather than typed."""
    if slug == PageSlug.RULES:
        return {"rules": rules_in_force(timezone.localdate()), "today": timezone.localdate()}
    if slug == PageSlug.FIELDS_AND_TYPES:
        from offsets.rules import CONDITIONAL_FIELDS

        return {
            "offset_fields": OffsetField.objects.order_by("number"),
            "conditional_fields": sorted(CONDITIONAL_FIELDS),
            "type_pairs": OffsetTypePair.choices,
            "defence_fields": DefenceField.objects.all(),
        }
    if slug == PageSlug.FAQ:
        return {"faq": FaqEntry.objects.visible_to(user)}
    return {}


def page_detail(request, slug):
    page = get_object_or_404(InfoPage.objects.visible_to(request.user), slug=slug)
    context = {
        "page": page,
        "is_editor": is_editor(request.user),
        "pages": InfoPage.objects.visible_to(request.user),
    }
    context.update(_generated_parts(page.slug, request.user))
    return render(request, "notices/page_detail.html", context)
