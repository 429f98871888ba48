"""API tokens with the same limit as passwords: guessing tokens locks the address out.

A wrong token is sent as a failed sign-in (Django's `user_login_failed`) with the request, so
django-axes counts it against the request's address; it names no account, and the lockout
parameters (AXES_LOCKOUT_PARAMETERS) then count the address alone. Once the address has reached
the limit, a request with any token, even a right one, is refused before the token is looked
up: the request is flagged as axes flags a locked-out sign-in, and AxesMiddleware answers with
the one lockout response of the site (AXES_LOCKOUT_CALLABLE: `{"code": "locked_out"}`, 429).
Requests without a token are not touched: public reads and registrations stay open.
"""

import re

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

NO_ACCOUNT = {"username": None}
TOKEN_SHAPE = re.compile(r"[0-9a-f]{40}")


class LimitedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        if not self._carries_token(request):
            return None
        http_request = request._request
        if not AxesProxyHandler.is_allowed(http_request, NO_ACCOUNT):
            http_request.axes_locked_out = True
            raise exceptions.PermissionDenied()  # its body is replaced by the lockout response
        try:
            return self._authenticate_readable(request)
        except exceptions.AuthenticationFailed:
            user_login_failed.send(sender=type(self), credentials=dict(NO_ACCOUNT), request=http_request)
            raise

    def _authenticate_readable(self, request):
        try:
            return super().authenticate(request)
        except UnicodeEncodeError:
            # A character no HTTP header can carry, a lone surrogate included (only an in-process
            # client sends one), is no token of ours.
            raise exceptions.AuthenticationFailed(exceptions.AuthenticationFailed.default_detail) from None

    def authenticate_credentials(self, key):
        # Only the shape DRF gives keys (40 hex digits) is looked up: anything else is no token of
        # ours, and text PostgreSQL cannot hold (NUL) never reaches the query.
        if not TOKEN_SHAPE.fullmatch(key):
            raise exceptions.AuthenticationFailed(exceptions.AuthenticationFailed.default_detail)
        return super().authenticate_credentials(key)

    def _carries_token(self, request):
        # Read as text, not bytes: a header that cannot even be encoded still names its scheme.
        words = str(request.META.get("HTTP_AUTHORIZATION", "")).split()
        return bool(words) and words[0].lower() == self.keyword.lower()
