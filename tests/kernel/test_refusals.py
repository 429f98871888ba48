"""One "too many from this connection" refusal for every limit: code throttled, 429, and when to come back."""

from django.http import HttpResponse

from awards.services import AwardError
from kernel.refusals import Refusal, throttled, with_retry_after


def test_a_throttled_refusal_is_the_apps_own_429_with_the_wait_rounded_up():
    refusal = throttled("Too many nominations from this connection.", 12.2, refusal=AwardError)
    assert isinstance(refusal, AwardError)
    assert (refusal.code, refusal.status, refusal.retry_after) == ("throttled", 429, 13)
    assert refusal.message == "Too many nominations from this connection."


def test_a_page_answering_it_says_when_to_try_again():
    assert with_retry_after(HttpResponse(status=429), throttled("Too many.", 59.01))["Retry-After"] == "60"


def test_a_refusal_without_a_wait_sends_no_retry_after():
    assert not with_retry_after(HttpResponse(status=400), Refusal("invalid", "No.")).has_header("Retry-After")
    assert throttled("Too many.").retry_after is None
