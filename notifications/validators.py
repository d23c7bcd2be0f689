"""What a notification may link to: a path on this site, never another site."""

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


def is_local_path(value) -> bool:
    """True for "/companies/…"; false for "//evil", "/\\evil", "https://…", "javascript:…" or spaces."""
    return (
        isinstance(value, str)
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value)
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    )


def validate_local_path(value) -> None:
    if not is_local_path(value):
        raise ValidationError(
            _("Enter a path on this site that starts with a single “/”."), code="not_a_local_path"
        )
