"""One shape for every refusal a person can hit, whichever app refuses.

A service raises its app's subclass; the API's one handler (api.exceptions) answers `{"code",
"detail"}` with `status`, and pages show `message`. `field` names the input a person has to change
when one is to blame, so a form or serializer puts the message beside it without guessing from
the text; `retry_after` (seconds) goes out as Retry-After with a 429 (`throttled` makes that
refusal, `with_retry_after` puts the header on a page).
"""

import math


class Refusal(Exception):
    default_status = 400

    def __init__(self, code, message, status=None, *, field=None, retry_after=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or self.default_status
        self.field = field
        self.retry_after = retry_after


THROTTLED = "throttled"


def throttled(message, retry_after=None, *, refusal=Refusal):
    """Too many from one connection or contact: the app's `refusal` with code "throttled", a 429 and the wait.

    Every limit answers so, on pages and in the API alike; `retry_after` (seconds, as DRF's
    throttles' `wait()` gives it) is rounded up, so nobody is told to come back a moment too early.
    """
    wait = math.ceil(retry_after) if retry_after else None
    return refusal(THROTTLED, message, 429, retry_after=wait)


def with_retry_after(response, refusal):
    """A page answering `refusal` says when to try again (Retry-After), as the API's handler does."""
    if getattr(refusal, "retry_after", None):
        response["Retry-After"] = str(math.ceil(refusal.retry_after))
    return response
