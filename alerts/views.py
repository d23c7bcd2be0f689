"""Saved searches: the owner's list, saving from a list page, changing, deleting, unsubscribing.

Every page but unsubscribe is the signed-in owner's alone: another person's saved search is a 404
(``SavedSearch.objects.visible_to``). The unsubscribe link needs no sign-in: its random token is
the only key, so a person can stop a digest straight from the e-mail.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alerts import kinds, services
from alerts.choices import Frequency
from alerts.forms import SavedSearchForm, SaveSearchForm
from alerts.models import NAME_MAX_LENGTH, SavedSearch
from core.forms import STALE_MESSAGE, version_of

# RFC 8058: a mail client's one-click unsubscribe POSTs exactly this body to the List-Unsubscribe URL.
ONE_CLICK_FIELD, ONE_CLICK_VALUE = "List-Unsubscribe", "One-Click"


def own_search(request, pk, *, lock: bool = False) -> SavedSearch:
    searches = SavedSearch.objects.visible_to(request.user)
    return get_object_or_404(searches.select_for_update() if lock else searches, pk=pk)


@login_required
@require_GET
def saved_search_list(request):
    return _list_page(request)


def _list_page(request, kept=None):
    """The owner's list, each row's edit form showing the record and its version; ``kept`` is the
    input of a refused stale edit (pk, name, frequency, version), shown again in its row."""
    searches = list(SavedSearch.objects.visible_to(request.user))
    for search in searches:
        search.edit = {"name": search.name, "frequency": search.frequency, "version": version_of(search)}
        if kept and kept["pk"] == search.pk:
            search.edit = kept
    return render(
        request,
        "alerts/list.html",
        {
            "searches": searches,
            "frequencies": Frequency.choices,
            "kinds": [kind for kind in kinds.all_kinds() if kind.list_path() != kinds.fallback_path()],
        },
    )


@login_required
@require_POST
def save(request):
    """Save the list page's current search (the "Save this search" button)."""
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("This search could not be saved.")]:
            messages.error(request, error)
        return redirect("alerts:list")
    data = form.cleaned_data
    try:
        search, created = services.save_search(
            request.user, data["kind"], data["querystring"], name=data["name"], frequency=data["frequency"]
        )
    except services.SaveError as error:
        messages.error(request, str(error))
        return redirect("alerts:list")
    messages.success(request, _saved_message(search, created))
    return redirect("alerts:list")


def _saved_message(search, created: bool) -> str:
    if not created:
        return _("You had already saved this search as “%(name)s”; its digest is updated.") % {
            "name": search.name
        }
    if search.frequency == Frequency.DAILY:
        text = _("Saved “%(name)s”. New matches will reach you once a day, in K-OFFSET and by e-mail.")
    else:
        text = _("Saved “%(name)s”. New matches will reach you once a week, in K-OFFSET and by e-mail.")
    return text % {"name": search.name}


@login_required
@require_POST
def update(request, pk):
    with transaction.atomic():
        # Locked while the version is compared, so two saves from the same page cannot both pass.
        search = own_search(request, pk, lock=True)
        form = SavedSearchForm(request.POST, instance=search)
        saved = form.is_valid()
        if saved:
            form.save()
    if saved:
        messages.success(request, _("“%(name)s” is updated.") % {"name": search.name})
    elif form.has_error(NON_FIELD_ERRORS, "stale"):
        # Nothing is saved; the list shows the other change and, in this row, the input as typed.
        messages.error(request, STALE_MESSAGE)
        kept = {
            "pk": search.pk,
            "name": request.POST.get("name", "")[:NAME_MAX_LENGTH],
            "frequency": request.POST.get("frequency", ""),
            "version": request.POST.get("version", ""),
        }
        return _list_page(request, kept)
    else:
        messages.error(request, _("The saved search could not be changed. Check the name and the digest."))
    return redirect("alerts:list")


@login_required
@require_POST
def delete(request, pk):
    search = own_search(request, pk)
    search.delete()
    messages.success(request, _("“%(name)s” is deleted.") % {"name": search.name})
    return redirect("alerts:list")


# The token in the URL is the credential, so there is nothing for a CSRF token to add, and RFC 8058
# one-click requests come from the mail provider without cookies or a token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page with one button (mail scanners open links; only a POST turns the digest off).
    POST: turns it off, from that button or from a mail client's one-click unsubscribe."""
    search = get_object_or_404(SavedSearch, unsubscribe_token=token)
    if request.method == "POST":
        services.unsubscribe(search)
        if request.POST.get(ONE_CLICK_FIELD) == ONE_CLICK_VALUE:
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
        messages.success(request, _("You will get no more digests for “%(name)s”.") % {"name": search.name})
        return redirect("alerts:unsubscribe", token=token)
    response = render(request, "alerts/unsubscribe.html", {"search": search})
    response["X-Robots-Tag"] = "noindex"
    return response
