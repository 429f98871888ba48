"""Signing in as people do it: the form at /prihlaseni/, from an address, with a password typed."""

import pytest
from django.utils import translation

from awards.models import Phase
from drives.models import Drive
from tests.awards.conftest import make_round  # noqa: F401 (a fixture)
from tests.conftest import make_user

PASSWORD = "heslo-pro-testy"
SIGN_IN = "/prihlaseni/"


def cs(message, **values):
    with translation.override("cs"):
        text = str(translation.gettext(message))
    return text % values if values else text


def sign_in(client, username, password=PASSWORD, *, address="127.0.0.1", next=None):
    data = {"username": username, "password": password}
    if next is not None:
        data["next"] = next
    return client.post(SIGN_IN, data, REMOTE_ADDR=address)


def signed_in_user(client):
    from django.contrib.auth import get_user

    user = get_user(client)
    return user if user.is_authenticated else None


@pytest.fixture
def juror_of_this_year(make_round):  # noqa: F811 (the fixture imported above)
    """A juror of the Anděl award who holds no other role."""
    user = make_user("porotkyne", first_name="Marie", last_name="Svobodová")
    make_round(2026, phase=Phase.JUDGING, jurors=[user])
    return user


@pytest.fixture
def drive_organizer(db):
    """Runs a charity drive, and nothing else."""
    user = make_user("sbirka", first_name="Alena")
    drive = Drive.objects.create(title="Ukliď šatník!", slug="uklid-satnik", starts_on="2026-01-01",
                                 ends_on="2026-12-31", description="Oblečení.")
    drive.organizers.add(user)
    return user
