"""People registering in the registrations' tests, through the same service as the pages."""

from functools import partial

from registrations.models import Registration
from registrations.services import register


def sign_up(occurrence, name, phone="", email="", **fields):
    """`name` registers for `occurrence` (from the web unless `source` says otherwise); returns the registration."""
    return register(occurrence, name=name, phone=phone, email=email, **fields).registration


# As the office takes a phone call: also for dates whose registration is not open on the web yet.
sign_up_by_office = partial(sign_up, source=Registration.Source.STAFF)
