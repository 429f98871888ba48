"""Czech answers for what goes wrong outside a view's own refusals.

The API (everything under /api/) answers in its one shape `{"code", "detail"}`; the site answers
with a page. Used by config.middleware (refusals before any view runs) and as the project's
handler500, which turns a database that is down into a 503 instead of a 500.
"""

import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

from api.exceptions import DATABASE_DOWN, RETRY_AFTER_SECONDS, unavailable_detail
from api.parsers import too_large_detail


def is_api(request):
    return request.path_info.startswith("/api/")


def api_error(code, detail, status):
    return JsonResponse({"code": code, "detail": str(detail)}, status=status, json_dumps_params={"ensure_ascii": False})


def unavailable(request):
    """503 with Retry-After: the database cannot be reached (or is busy), so nothing was done."""
    if is_api(request):
        response = api_error("unavailable", unavailable_detail(), 503)
    else:
        # Rendered without the request: the context processors may need the database that is down.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def method_not_allowed(request):
    detail = _('Method "%(method)s" is not allowed.') % {"method": request.method[:20]}
    if is_api(request):
        response = api_error("method_not_allowed", detail, 405)
    else:
        response = HttpResponse(detail, status=405, content_type="text/plain; charset=utf-8")
    response["Allow"] = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    return response


def too_large(request, limit):
    kilobytes = limit // 1024
    if is_api(request):
        return api_error("too_large", too_large_detail(), 413)
    body = loader.get_template("413.html").render({"limit": kilobytes}, request)
    return HttpResponse(body, status=413)


def not_found_api():
    return api_error("not_found", _("Not found."), 404)


@requires_csrf_token
def server_error(request):
    """handler500: a database outage is a 503 a person can understand; the API always answers JSON."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return unavailable(request)
    if is_api(request):
        return api_error("server_error", _("Something went wrong on our side. Please try again later."), 500)
    return django_server_error(request)
