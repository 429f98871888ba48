"""Whole public pages cached until something in the programme changes.

The key holds a version read from the database in one query (the latest change of any date,
series or venue and the number of dates), so every process, web or worker, sees the same
version without signals, and a registration that takes a seat (it touches the date's
`updated_at`) makes the next visitor see the new number of free places.

The key holds only the query parameters a page knows (`params`), normalised: the view itself
sees only those, so `?x=1`, `?x=2`… give the same page from the same entry instead of filling
the cache with copies.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.utils import timezone, translation

from .models import Audience, Occurrence, Series, Venue

TIMEOUT = 15 * 60
# The filters of the programme (events.forms.ProgrammeFilterForm), on the page and in the API.
PROGRAMME_PARAMS = ("from", "to", "audience", "kind", "venue", "series", "has_free_places")
# Pages say "registration opens at…" and hide ended dates, so the clock is part of the key.
CLOCK_BUCKET_SECONDS = 60


def table_summary(*parts):
    """One query returning one aggregate per (function, model, column) part, joined into a version.

    Such a version changes whenever the rows behind it change, and every process (web or
    worker) reads the same one, which a counter kept in a local cache could not promise.
    """
    quote = connection.ops.quote_name
    selects = ", ".join(
        f"(SELECT {function}({'*' if column == '*' else quote(column)}) FROM {quote(model._meta.db_table)})"
        for function, model, column in parts
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return "|".join(str(value) for value in cursor.fetchone())


def programme_version():
    return table_summary(
        ("MAX", Occurrence, "updated_at"), ("COUNT", Occurrence, "*"), ("MAX", Series, "updated_at"),
        ("COUNT", Series, "*"), ("MAX", Venue, "updated_at"), ("COUNT", Audience, "*"),
    )


def _cacheable(request):
    """Anonymous GETs without anything personal riding along (a message, a session)."""
    if request.method != "GET" or "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # a message may sit in the session, or the visitor is signed in
    return not request.user.is_authenticated


def known_query(request, params):
    """The request's query reduced to the parameters in `params`: each once (its last value, as
    `QueryDict.get` reads it), empty ones dropped, in the order of `params`; and the request made to
    say only that, so the page built from it cannot differ from the one the key names.
    """
    query = QueryDict(mutable=True)
    for name in params:
        value = request.GET.get(name, "")
        if value:
            query[name] = value
    http_request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    http_request.GET = query
    http_request.META["QUERY_STRING"] = query.urlencode()
    return query


def _key(request, prefix, params):
    clock = int(timezone.now().timestamp()) // CLOCK_BUCKET_SECONDS
    query = known_query(request, params).urlencode()
    parts = [prefix, request.path, query, translation.get_language(), programme_version(), str(clock)]
    return "public-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cache_key(request, prefix, params=()):
    """The key `public_page` uses, for views that store their answers themselves (the API's lists)."""
    return _key(request, prefix, params)


def public_page(view=None, *, params=()):
    """Serve anonymous GETs from the cache while the programme is unchanged.

    `params` are the query parameters the page reads; anonymous visitors' other ones are dropped.
    """
    if view is None:
        return lambda view: public_page(view, params=params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, view.__module__ + "." + view.__name__, params)
        stored = cache.get(key)
        if stored is not None:
            status, content_type, body = stored
            return HttpResponse(body, status=status, content_type=content_type)
        response = view(request, *args, **kwargs)
        # Only real pages: refusals of made-up query strings must not fill the cache.
        if response.status_code == 200 and not getattr(response, "streaming", False):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.status_code, response["Content-Type"], response.content), TIMEOUT)
        return response

    return wrapper
