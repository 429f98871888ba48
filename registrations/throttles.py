"""Limits that stop scripts, not people.

Only registrations that went through are counted, so a senior who mistypes a few times is
never locked out, and the limits are generous enough for a day centre registering its 30
seniors in an afternoon from one PC. Three counts, each in the shared cache:
- per client address, for the public (web form and API),
- per phone number and per e-mail, for the public: one contact cannot fill a date from many addresses,
- per signed-in account, for staff and organizers (pages and API), with a higher limit.
"""

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from kernel.refusals import throttled

from .services import RegistrationError, contacts


class _SuccessCount(SimpleRateThrottle):
    """DRF's sliding window, but a request only looks: `record()` adds one after a success."""

    rate_setting = ""

    def __init__(self, ident):
        self.ident = ident
        super().__init__()

    def get_rate(self):
        return getattr(settings, self.rate_setting)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}

    def throttle_success(self):
        return True  # looking is free; only `record` counts

    def allows(self):
        return self.allow_request(None, None)

    def record(self):
        if self.rate is None:
            return
        self.key = self.get_cache_key(None, None)
        self.history = [moment for moment in self.cache.get(self.key, []) if moment > self.timer() - self.duration]
        self.history.insert(0, self.timer())
        self.cache.set(self.key, self.history, self.duration)


class AddressCount(_SuccessCount):
    scope = "registration"
    rate_setting = "SPOLU_REGISTRATION_THROTTLE"


class ContactCount(_SuccessCount):
    scope = "registration_contact"
    rate_setting = "SPOLU_REGISTRATION_CONTACT_THROTTLE"


class AccountCount(_SuccessCount):
    scope = "registration_account"
    rate_setting = "SPOLU_STAFF_REGISTRATION_THROTTLE"


def _hashed(text):
    # The cache holds no phone numbers or e-mails, only their hashes.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{text}".encode()).hexdigest()[:32]


def _comparable_contact(text):
    try:
        return contacts.phone(text) or ""
    except RegistrationError:
        return " ".join((text or "").split()).lower()


def _counts(request, contacts):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return [AccountCount(str(user.pk))], []
    # REMOTE_ADDR unless NUM_PROXIES says how many proxies to skip in X-Forwarded-For.
    address = AddressCount(BaseThrottle().get_ident(request))
    typed = {_comparable_contact(contact) for contact in contacts}
    return [address], [ContactCount(_hashed(contact)) for contact in sorted(typed) if contact]


def check_registration_limits(request, contacts=()):
    """Refuse (429, in Czech) when this address, account or contact registered too much lately."""
    mine, per_contact = _counts(request, contacts)
    for count in mine:
        if not count.allows():
            raise throttled(_("Too many registrations from this connection. Please call the department."),
                            count.wait(), refusal=RegistrationError)
    for count in per_contact:
        if not count.allows():
            raise throttled(_("Too many registrations with this phone or e-mail today. Please call the department."),
                            count.wait(), refusal=RegistrationError)


def count_registration(request, contacts=()):
    mine, per_contact = _counts(request, contacts)
    for count in [*mine, *per_contact]:
        count.record()


class ResendCount(SimpleRateThrottle):
    """"Send my ticket again" per address: every request counts, so nobody's inbox is flooded."""

    scope = "resend_ticket"

    def get_rate(self):
        return settings.SPOLU_REGISTRATION_THROTTLE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def check_resend_allowed(request):
    """Refuse (429, in Czech, with the wait) when this address asked for tickets too often lately."""
    count = ResendCount()
    if not count.allow_request(request, view=None):
        raise throttled(_("Too many requests from this connection. Please call the department."), count.wait(),
                        refusal=RegistrationError)
