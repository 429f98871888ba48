"""API tokens with the same limit as passwords: guessing tokens locks the address out.

A wrong token counts as a failed sign-in from the request's address (django-axes, see
accounts.lockout). Once the address has reached the limit, a request with any token, even a
right one, is refused with `{"code": "locked_out"}` and 429 before the token is looked up.
Requests without a token are not touched: the public reads and registrations stay open.
"""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from accounts.lockout import (
    LOCKED_OUT_STATUS,
    address_is_locked_out,
    cooloff_minutes,
    count_failure_without_account,
    lockout_message,
)


class LockedOut(exceptions.APIException):
    status_code = LOCKED_OUT_STATUS
    default_code = "locked_out"

    def __init__(self):
        super().__init__(detail=lockout_message(), code=self.default_code)
        # DRF's handler turns `wait` into a Retry-After header, as for a throttle.
        self.wait = cooloff_minutes() * 60


class LimitedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        if not self._carries_token(request):
            return None
        http_request = request._request
        if address_is_locked_out(http_request):
            raise LockedOut()
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            count_failure_without_account(http_request, sender=type(self))
            raise

    def _carries_token(self, request):
        words = get_authorization_header(request).split()
        return bool(words) and words[0].lower() == self.keyword.lower().encode()
