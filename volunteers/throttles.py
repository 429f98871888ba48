from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class NominationThrottle(AnonRateThrottle):
    """Anonymous nominations per address, for the form and the API alike (signed-in users pass)."""

    scope = "award_nomination"

    def get_rate(self):
        return getattr(settings, "SPOLU_NOMINATION_THROTTLE", "20/hour")


def nomination_allowed(request):
    """For plain Django views: the same throttle the API uses."""
    if request.user.is_authenticated:
        return True
    return NominationThrottle().allow_request(request, view=None)
