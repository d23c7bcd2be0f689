"""A person's notifications: the list, opening one (marks it read) and marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications import services
from notifications.models import Notification

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request):
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "notifications": page.object_list})


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark the notification read and go where it points; another person's is 404."""
    try:
        notification = services.mark_read(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request):
    if services.mark_all_read(request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
