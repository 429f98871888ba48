import re

from django.conf import settings
from django.http import Http404
from django.utils import translation

from . import errors


class DefaultLanguageMiddleware:
    """Czech unless the person chose another language with the switcher.

    The browser's Accept-Language is ignored on purpose: a senior on a library PC set to
    English should still see the city's site in Czech, as the printed programme is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# Characters no address of ours can hold: control characters (NUL among them, which PostgreSQL
# refuses in any text and so answered 500) and the C1 range.
IMPOSSIBLE_IN_PATH = re.compile("[\x00-\x1f\x7f-\x9f]")
ALLOWED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestGuardMiddleware:
    """Refuses in Czech, before any view, what no page of ours can answer.

    - a method other than the usual ones (TRACE, TRACK, CONNECT, made-up ones): 405, whatever
      the view would have done with it;
    - a path with a control character (`/moje-akce/%00/`): 404, as for any token that does not exist;
    - a body whose Content-Length is over DATA_UPLOAD_MAX_MEMORY_SIZE: 413, before anything reads it
      (Django checks that limit only for form fields, never for uploaded files or a body read as a stream).

    The API gets `{"code", "detail"}`, the site a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return errors.method_not_allowed(request)
        if IMPOSSIBLE_IN_PATH.search(request.path_info):
            if errors.is_api(request):
                return errors.not_found_api()
            raise Http404
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _content_length(request) > limit:
            return errors.too_large(request, limit)
        return self.get_response(request)


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
