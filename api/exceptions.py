"""One place that turns the apps' refusals into `{"code", "detail"}` with a 4xx."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from events.recurrence import RuleError
from events.services import EventsError

APP_ERRORS = (EventsError,)


def exception_handler(exc, context):
    if isinstance(exc, APP_ERRORS):
        return Response({"code": exc.code, "detail": exc.message}, status=getattr(exc, "status", 400))
    if isinstance(exc, RuleError):
        return Response({"code": "invalid_schedule", "detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
