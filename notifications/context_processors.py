"""The header's unread count."""

from notifications.services import unread_count


def unread(request):
    """``unread_notifications``: the signed-in user's unread count (one indexed COUNT per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A page and the partials rendered with it in one request share the query.
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(user)
    return {"unread_notifications": request._unread_notifications}
