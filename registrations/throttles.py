from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class RegistrationThrottle(AnonRateThrottle):
    """Anonymous registrations per address, for the form and the API alike (staff are not limited)."""

    scope = "registration"

    def get_rate(self):
        return settings.SPOLU_REGISTRATION_THROTTLE


def registration_allowed(request):
    """For plain Django views: the same throttle the API uses."""
    return RegistrationThrottle().allow_request(request, view=None)
