"""The notices as RSS and Atom feeds, in Korean or English.

The language is ``?lang=ko|en`` when given, else the visitor's active language. Feeds are read
by programs and cached by aggregators, so they only ever hold public notices, whoever asks.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from core import bilingual
from notices import markup
from notices.choices import FEED_LANGUAGES
from notices.models import Notice

FEED_SIZE = 30


def feed_language(request) -> str | None:
    """The language asked for, the active one by default; None when ``lang`` is not ko or en."""
    asked = request.GET.get("lang")
    if asked is None:
        return (translation.get_language() or "ko")[:2]
    return asked if asked in FEED_LANGUAGES else None


class NoticeRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        language = feed_language(request)
        if language is None:
            return HttpResponseBadRequest(
                "lang: " + _("Ask for ko or en."), content_type="text/plain; charset=utf-8"
            )
        self.language_code = self.language = language
        with translation.override(language):
            response = super().__call__(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    def title(self):
        return _("K-OFFSET notices")

    def description(self):
        return _("Notices the Korea Defense Industry Association publishes on K-OFFSET.")

    def link(self):
        return reverse("notices:notice_list")

    def feed_url(self):
        name = "notices:feed_atom" if self.feed_type is Atom1Feed else "notices:feed_rss"
        return f"{reverse(name)}?lang={self.language_code}"

    def items(self):
        return Notice.objects.public().select_related("category").order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return bilingual.pick(item, "title", self.language_code)

    def item_description(self, item):
        return markup.render(bilingual.pick(item, "body", self.language_code))

    def item_link(self, item):
        return reverse("notices:notice_detail", args=[item.pk])

    def item_guid(self, item):
        return f"notice-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [bilingual.pick(item.category, "name", self.language_code)]


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed
    subtitle = NoticeRssFeed.description


# The language lives on the feed object for the item methods to read, so every request gets
# an instance of its own.
def rss(request):
    return NoticeRssFeed()(request)


def atom(request):
    return NoticeAtomFeed()(request)
