"""Demo saved searches: the demo contractor follows naval companies, saved a week and a day ago,
so `manage.py send_digests` has a digest to send at once."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from alerts.choices import Frequency
from alerts.models import SavedSearch

DEMO_SEARCHES = [
    # e-mail, kind, querystring, name, frequency
    (
        "buyer.northwind@demo.k-offset.invalid",
        "companies",
        "field=naval",
        "Naval companies",
        Frequency.WEEKLY,
    ),
    (
        "buyer.northwind@demo.k-offset.invalid",
        "products",
        "trl=7",
        "Products at TRL 7 or above",
        Frequency.DAILY,
    ),
]


def load() -> list[dict]:
    for email, kind, querystring, name, frequency in DEMO_SEARCHES:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        search, created = SavedSearch.objects.get_or_create(
            user=user, kind=kind, querystring=querystring, defaults={"name": name, "frequency": frequency}
        )
        if created:
            SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - timedelta(days=8))
    return []
