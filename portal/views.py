"""Public and per-role pages."""

from django.shortcuts import render

from accounts.models import Organization


def home(request):
    """The home page: what K-OFFSET is, and each role's next steps."""
    context = {}
    user = request.user
    if user.is_authenticated and (user.is_kdia or user.is_superuser):
        context["pending_organizations"] = Organization.objects.visible_to(user).pending().count()
    return render(request, "portal/home.html", context)
