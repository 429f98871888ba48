from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

# Anonymous pledges per client address, for the form and the API alike; staff are not limited.
DEFAULT_RATE = "20/hour"


class PledgeThrottle(AnonRateThrottle):
    scope = "pledge"

    def get_rate(self):
        return getattr(settings, "SPOLU_PLEDGE_THROTTLE", DEFAULT_RATE)


def pledge_allowed(request):
    """For plain Django views: the same throttle the API uses."""
    return PledgeThrottle().allow_request(request, view=None)
