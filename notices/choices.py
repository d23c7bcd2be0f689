"""Fixed vocabularies of notices and information pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PageSlug(models.TextChoices):
    """The information pages the site links to; each has a page of its own under /about/."""

    WHAT_IS_OFFSET = "what-is-offset", _("What is offset?")
    RULES = "rules", _("Offset rules in force")
    FIELDS_AND_TYPES = "fields-and-types", _("Offset fields and types")
    BECOME_A_KIP = "become-a-kip", _("Becoming a KIP")
    FOR_CONTRACTORS = "for-contractors", _("For foreign contractors")
    FAQ = "faq", _("Frequently asked questions")
    CONTACT = "contact", _("Contact KDIA")


# Languages a feed can be asked for with ?lang=.
FEED_LANGUAGES = ("ko", "en")
