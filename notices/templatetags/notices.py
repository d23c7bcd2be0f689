"""``{% load notices %}``: recent notices for the home page and the safe text markup."""

from django import template
from django.utils.safestring import mark_safe

from notices import markup as markup_module
from notices.models import Notice

register = template.Library()


@register.filter
def markup(text: str) -> str:
    """Author text as HTML: everything escaped, then the small markup subset (notices.markup)."""
    return mark_safe(markup_module.render(text))  # noqa: S308 - render escapes all input first


@register.filter
def summary(text: str, limit: int = 160) -> str:
    return markup_module.plain(text, int(limit))


@register.inclusion_tag("notices/_recent.html")
def recent_notices(count: int = 5):
    """The newest public notices, pinned ones first: for the home page."""
    notices = Notice.objects.public().select_related("category").board_order()[: max(1, min(int(count), 20))]
    return {"notices": list(notices)}


@register.simple_tag
def version_of(record) -> str:
    """The version a staff action form sends back, so a stale click is refused."""
    from core.forms import version_of as version

    return version(record)


@register.inclusion_tag("notices/_footer_links.html")
def about_links():
    """Links to the published information pages and the notices board, for a page footer."""
    from notices.models import InfoPage

    return {"pages": list(InfoPage.objects.filter(published=True).only("slug", "title_ko", "title_en"))}
