"""Language selection: an explicit choice wins, then the account's, then the browser's."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _label in settings.LANGUAGES}


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    code = code.lower().split("-")[0]
    return code if code in SUPPORTED else None


class PreferredLanguageMiddleware:
    """Activate the request's language.

    Order: the language cookie set by the switch on every page, then the
    signed-in user's saved preference, then the browser's Accept-Language,
    then settings.LANGUAGE_CODE. Must run after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = (
            _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or (user is not None and user.is_authenticated and _supported(user.preferred_language))
            or translation.get_language_from_request(request)
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
