"""One place that turns refusals into `{"code", "detail"}` with a 4xx.

Field validation keeps DRF's shape (`{"field": ["message"]}`), which names the field to fix.
A database that cannot be reached is a 503 with Retry-After, never an HTML 500.
"""

import logging
import math

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from kernel.refusals import Refusal, throttled

from . import parsers

logger = logging.getLogger(__name__)

# The database cannot be reached or is busy: nothing was done, and trying again later may work.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def unavailable_detail():
    return _("The service is briefly unavailable. Please try again in a minute; nothing you sent was saved.")


class InvalidFilter(exceptions.APIException):
    """A list's query parameter that cannot be read (the programme's filters, the jury's round)."""

    status_code = 400
    default_code = "invalid_filter"
    default_detail = _lazy("The filter is not valid.")


class UnreadableMediaType(exceptions.UnsupportedMediaType):
    def __init__(self):
        super().__init__(None, detail=_("This kind of body cannot be read. Send JSON in UTF-8 (application/json)."))


class ThrottledInWords:
    """A viewset mixin: DRF's throttles refuse as the pages' do (`kernel.refusals.throttled`), in the app's words.

    `throttled_message` is the sentence the page's form shows too; the wait goes to Retry-After.
    """

    throttled_message = None

    def throttled(self, request, wait):
        raise throttled(str(self.throttled_message), wait)


def exception_handler(exc, context):
    if isinstance(exc, Refusal):
        response = Response({"code": exc.code, "detail": exc.message}, status=getattr(exc, "status", 400))
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(math.ceil(exc.retry_after))
        if getattr(exc, "candidates", None) is not None:
            response.data["candidates"] = [
                {"id": person.pk, "name": person.name, "phone": person.phone, "email": person.email}
                for person in exc.candidates
            ]
        return response
    if isinstance(exc, DATABASE_DOWN):
        set_rollback()
        logger.warning("API answered 503, the database is unavailable: %s", exc)
        response = Response({"code": "unavailable", "detail": unavailable_detail()},
                            status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, RequestDataTooBig):
        # A form body (the browsable API's forms) read through Django's own limit.
        exc = parsers.too_large()
    elif isinstance(exc, TooManyFieldsSent):
        exc = parsers.BadBody(_("The form has too many fields."))
    elif isinstance(exc, exceptions.ParseError) and exc.get_codes() == "parse_error":
        # DRF's own parse errors (a broken multipart body) carry English details.
        exc = parsers.BadBody(_("The request body cannot be read. Send JSON in UTF-8."))
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        # DRF's message repeats the Content-Type, which may hold text no JSON answer can carry.
        exc = UnreadableMediaType()
    if isinstance(exc, Http404):
        # Django's message names the model in English; DRF's own one is translated.
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None or isinstance(exc, exceptions.ValidationError):
        return response
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    if isinstance(detail, str):
        response.data = {"code": getattr(detail, "code", None) or "error", "detail": str(detail)}
    return response
