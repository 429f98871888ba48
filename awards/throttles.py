from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.throttling import AnonRateThrottle

from kernel.refusals import throttled

from .services import AwardError


class NominationThrottle(AnonRateThrottle):
    """Anonymous nominations per address, for the form and the API alike (signed-in users pass)."""

    scope = "award_nomination"

    def get_rate(self):
        return settings.SPOLU_NOMINATION_THROTTLE


def check_nomination_allowed(request):
    """For plain Django views: the same throttle the API uses, refusing (429, in Czech, with the wait)."""
    if request.user.is_authenticated:
        return
    throttle = NominationThrottle()
    if not throttle.allow_request(request, view=None):
        raise throttled(_("Too many nominations from this connection. Please call the department."),
                        throttle.wait(), refusal=AwardError)
