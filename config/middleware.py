from django.conf import settings
from django.utils import translation


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
