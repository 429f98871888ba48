"""Signing out is a button (POST); a link or a prefetching browser (GET) never signs anyone out."""

import pytest

from .conftest import sign_in, signed_in_user

pytestmark = pytest.mark.django_db


def test_signing_out_ends_the_session_and_the_jury_page_asks_to_sign_in_again(client, juror_of_this_year):
    sign_in(client, "porotkyne")

    response = client.post("/odhlaseni/", follow=True)

    assert response.redirect_chain[-1][0] == "/prihlaseni/"
    assert "Jste odhlášeni. Děkujeme." in response.content.decode()
    assert signed_in_user(client) is None
    assert client.get("/porota/")["Location"] == "/prihlaseni/?next=/porota/"


def test_opening_the_sign_out_address_only_asks(client, juror_of_this_year):
    sign_in(client, "porotkyne")

    response = client.get("/odhlaseni/")

    assert response.status_code == 200
    assert "Chcete se odhlásit?" in response.content.decode()
    assert signed_in_user(client) == juror_of_this_year


def test_the_admins_sign_out_button_is_the_same_door(client, staff):
    sign_in(client, "pracovnice")

    response = client.post("/admin/logout/")

    assert response["Location"] == "/prihlaseni/" and signed_in_user(client) is None
