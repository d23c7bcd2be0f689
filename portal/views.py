"""Public and per-role pages."""

from django.shortcuts import render

from dashboards import home as sections


def home(request):
    """The home page: what everyone sees, plus the signed-in role's own picture at a glance."""
    user = request.user
    context = sections.public_context(user)
    if not user.is_authenticated:
        context["role"] = "guest"
    elif user.is_kdia or user.is_superuser:
        context |= {"role": "kdia", "queue": sections.kdia_queue(user)}
    elif user.is_dapa:
        context |= {"role": "dapa", "queue": sections.dapa_queue(user)}
    elif user.is_korean_company:
        company = getattr(user.organization, "company", None)
        context |= {"role": "company"} | (sections.company_context(user, company) if company else {})
    elif user.is_foreign_contractor:
        context |= {"role": "contractor"} | sections.contractor_context(user)
    return render(request, "portal/home.html", context)
