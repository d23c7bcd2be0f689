"""Context every template receives."""

from django.conf import settings


def navigation(request):
    """The role's navigation (built by the portal app) and the site's languages."""
    from portal.navigation import entries_for  # the portal owns the menu; core only wires it in

    return {
        "nav_entries": entries_for(request.user) if hasattr(request, "user") else [],
        "site_languages": settings.LANGUAGES,
    }
