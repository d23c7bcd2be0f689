"""The permission funnel's view decorators.

Row-level access lives on each model's QuerySet (``visible_to(user)`` and
``editable_by(user)``); these decorators only decide who may open a kind of page.
Objects a user may not see are looked up through those QuerySets and so 404.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(predicate):
    """Signed-in users for whom ``predicate(user)`` holds; others get 403, guests the login page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


kdia_required = role_required(lambda user: user.is_kdia or user.is_superuser)
government_staff_required = role_required(lambda user: user.is_government_staff or user.is_superuser)
member_required = role_required(lambda user: user.organization is not None)
org_admin_required = role_required(lambda user: user.is_org_admin)
