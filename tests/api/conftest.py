"""Clients for the API personas: anonymous, and signed in through a session or a token."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def client_for():
    def signed_in(user):
        client = APIClient()
        client.force_login(user)
        return client

    return signed_in


def czech(message):
    """The Czech text a person sees for an English msgid."""
    with translation.override("cs"):
        return str(translation.gettext(message))


@pytest.fixture
def czech_catalogue():
    """Skip a test about Czech wording while locale/cs has not been compiled (`make translations`)."""
    if czech("Unknown audience.") == "Unknown audience.":
        pytest.skip("the Czech catalogue is not compiled yet (make translations)")
