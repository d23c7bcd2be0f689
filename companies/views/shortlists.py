"""Foreign contractors' shortlists: keep candidate companies with notes, and export them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import record_export
from companies import exporting
from companies.forms import ShortlistForm
from companies.lookups import visible_company
from companies.models import Company, Shortlist, ShortlistEntry
from core.forms import id_from, version_of
from core.permissions import role_required

contractor_required = role_required(lambda user: user.is_foreign_contractor)


def own_shortlist(request, pk) -> Shortlist:
    return get_object_or_404(Shortlist.objects.visible_to(request.user), pk=pk)


@contractor_required
@require_http_methods(["GET", "POST"])
def shortlist_list(request):
    form = ShortlistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        shortlist = _create(request, form.cleaned_data["name"])
        if shortlist is not None:
            return redirect("companies:shortlist_detail", pk=shortlist.pk)
        form.add_error("name", _("You already have a shortlist with this name."))
    shortlists = Shortlist.objects.visible_to(request.user).prefetch_related("entries")
    return render(request, "companies/shortlists/list.html", {"shortlists": shortlists, "form": form})


def _create(request, name):
    try:
        with transaction.atomic():
            return Shortlist.objects.create(
                organization=request.user.organization, name=name, created_by=request.user
            )
    except IntegrityError:
        return None


@contractor_required
def shortlist_detail(request, pk):
    shortlist = own_shortlist(request, pk)
    entries = shortlist.entries.filter(company__in=Company.objects.visible_to(request.user)).select_related(
        "company"
    )
    return render(request, "companies/shortlists/detail.html", {"shortlist": shortlist, "entries": entries})


@contractor_required
@require_POST
def shortlist_add(request):
    """Add a company to a shortlist (a new one, named after the date, when none is chosen)."""
    company = visible_company(request, request.POST.get("company", ""))
    shortlist_id = request.POST.get("shortlist")
    if shortlist_id:
        shortlist = own_shortlist(request, shortlist_id) if id_from(shortlist_id) is not None else None
        if shortlist is None:
            return redirect("companies:shortlist_list")
    else:
        name = _("Shortlist %(number)s") % {"number": Shortlist.objects.visible_to(request.user).count() + 1}
        shortlist = _create(request, name) or Shortlist.objects.visible_to(request.user).get(name=name)
    _entry, created = ShortlistEntry.objects.get_or_create(shortlist=shortlist, company=company)
    if created:
        messages.success(
            request,
            _("%(company)s is added to %(shortlist)s.") % {"company": company, "shortlist": shortlist},
        )
    else:
        messages.info(
            request,
            _("%(company)s is already on %(shortlist)s.") % {"company": company, "shortlist": shortlist},
        )
    next_url = request.POST.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("companies:shortlist_detail", pk=shortlist.pk)


@contractor_required
@require_POST
def shortlist_entry_update(request, pk, entry_pk):
    shortlist = own_shortlist(request, pk)
    entry = get_object_or_404(shortlist.entries, pk=entry_pk)
    if request.POST.get("action") == "remove":
        entry.delete()
        messages.success(request, _("Removed from the shortlist."))
    else:
        entry.note = request.POST.get("note", "")[:5000]
        entry.save(update_fields=["note"])
        messages.success(request, _("Your note is saved."))
    return redirect("companies:shortlist_detail", pk=shortlist.pk)


@contractor_required
@require_http_methods(["GET", "POST"])
def shortlist_edit(request, pk):
    shortlist = own_shortlist(request, pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        shortlist.delete()
        messages.success(request, _("The shortlist is deleted."))
        return redirect("companies:shortlist_list")
    form = ShortlistForm(request.POST or None, instance=shortlist, initial={"version": version_of(shortlist)})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                # Locked while the version is compared, so two renames cannot both pass.
                form.check_version(Shortlist.objects.select_for_update().get(pk=shortlist.pk))
                form.save()
        except ValidationError as stale:
            form.add_error(None, stale)
        except IntegrityError:
            form.add_error("name", _("You already have a shortlist with this name."))
        else:
            return redirect("companies:shortlist_detail", pk=shortlist.pk)
    return render(request, "companies/shortlists/edit.html", {"shortlist": shortlist, "form": form})


@contractor_required
def shortlist_export(request, pk, fmt):
    shortlist = own_shortlist(request, pk)
    entries = list(
        shortlist.entries.filter(company__in=Company.objects.visible_to(request.user)).select_related(
            "company"
        )
    )
    companies = Company.objects.filter(pk__in=[entry.company_id for entry in entries])
    rows_by_brn = {row[0]: row for row in exporting.company_rows(companies)}
    rows = [
        [*rows_by_brn[entry.company.brn], entry.note] for entry in entries if entry.company.brn in rows_by_brn
    ]
    record_export(request, "shortlist", fmt=fmt, rows=len(rows), target=shortlist)
    try:
        return exporting.export_response([*exporting.COMPANY_COLUMNS, "note"], rows, fmt, "koffset-shortlist")
    except ValueError:
        return redirect("companies:shortlist_detail", pk=shortlist.pk)
