from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.throttling import AnonRateThrottle

from kernel.refusals import throttled

from .services import DrivesError


class PledgeThrottle(AnonRateThrottle):
    """Anonymous pledges per client address, for the form and the API alike; staff are not limited."""

    scope = "pledge"

    def get_rate(self):
        return settings.SPOLU_PLEDGE_THROTTLE


def check_pledge_allowed(request):
    """For plain Django views: the same throttle the API uses, refusing (429, in Czech, with the wait)."""
    throttle = PledgeThrottle()
    if not throttle.allow_request(request, view=None):
        raise throttled(_("Too many pledges from this connection. Please call the department."), throttle.wait(),
                        refusal=DrivesError)
