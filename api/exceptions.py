"""One place that turns refusals into `{"code", "detail"}` with a 4xx.

Field validation keeps DRF's shape (`{"field": ["message"]}`), which names the field to fix.
"""

import math

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from drives.services import DrivesError
from events.recurrence import RuleError
from events.services import EventsError
from registrations.services import RegistrationError
from volunteers.services import VolunteersError

# The apps' one error class each: `code`, `message` and (optionally) the HTTP `status`.
APP_ERRORS = (EventsError, RegistrationError, DrivesError, VolunteersError)


def exception_handler(exc, context):
    if isinstance(exc, APP_ERRORS):
        response = Response({"code": exc.code, "detail": exc.message}, status=getattr(exc, "status", 400))
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(math.ceil(exc.retry_after))
        if getattr(exc, "candidates", None) is not None:
            response.data["candidates"] = [
                {"id": person.pk, "name": person.name, "phone": person.phone, "email": person.email}
                for person in exc.candidates
            ]
        return response
    if isinstance(exc, RuleError):
        return Response({"code": "invalid_schedule", "detail": exc.message},
                        status=status.HTTP_400_BAD_REQUEST)
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
