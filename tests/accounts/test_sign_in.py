"""Everyone with an account comes in through one Czech page and lands where their role works."""

import pytest

from events.roles import ORGANIZERS
from tests.conftest import make_user

from .conftest import SIGN_IN, cs, sign_in, signed_in_user

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_czech_and_helps_the_browser_fill_it(client):
    page = client.get(SIGN_IN).content.decode()

    assert cs("Sign in to your account") in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert f'<label for="id_username">{cs("User name")}:</label>' in page
    assert '<label for="id_password">Heslo:</label>' in page


@pytest.mark.parametrize("persona, landing", [
    ("staff", "/sprava/"),
    ("organizer_a", "/scan/"),
    ("drive_organizer", "/sprava/sbirky/"),
    ("juror_of_this_year", "/porota/"),
    ("stranger", "/"),
])
def test_each_role_lands_where_it_works(request, client, persona, landing):
    user = request.getfixturevalue(persona)

    response = sign_in(client, user.username)

    assert response.status_code == 302 and response["Location"] == landing
    assert signed_in_user(client) == user


def test_a_juror_who_is_also_staff_lands_on_the_staff_pages(client, staff, make_round):
    make_round(2026, jurors=[staff])

    assert sign_in(client, "pracovnice")["Location"] == "/sprava/"


def test_an_organizer_without_a_series_yet_still_lands_at_the_door(client):
    make_user("nova_organizatorka", group=ORGANIZERS, is_staff=True)

    assert sign_in(client, "nova_organizatorka")["Location"] == "/scan/"


def test_the_page_asked_for_is_honoured(client, juror_of_this_year):
    response = sign_in(client, "porotkyne", next="/porota/rocnik/1/")

    assert response["Location"] == "/porota/rocnik/1/"


@pytest.mark.parametrize("elsewhere", ["https://evil.example/porota/", "//evil.example/", "http://testserver.evil/"])
def test_an_address_on_another_site_is_ignored(client, juror_of_this_year, elsewhere):
    response = sign_in(client, "porotkyne", next=elsewhere)

    assert response["Location"] == "/porota/"


def test_a_page_for_signed_in_people_sends_strangers_to_the_sign_in_page(client):
    response = client.get("/porota/")

    assert response.status_code == 302 and response["Location"] == "/prihlaseni/?next=/porota/"


def test_the_admins_sign_in_is_the_same_door(client):
    response = client.get("/admin/login/?next=/admin/events/series/")

    assert response.status_code == 302
    assert response["Location"] == "/prihlaseni/?next=/admin/events/series/"
    # And the admin itself, asked without an account, ends there too.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0] == "/prihlaseni/?next=%2Fadmin%2F"


def test_staff_reach_the_admin_through_the_same_page(client, staff):
    response = sign_in(client, "pracovnice", next="/admin/")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_is_explained_in_czech_next_to_the_form(client, juror_of_this_year):
    response = sign_in(client, "porotkyne", "heslo-spatne")

    assert response.status_code == 200
    page = response.content.decode()
    assert cs("The user name or the password is not right. Check both and try again; capital and small "
              "letters count.") in page
    assert 'class="form-errors" role="alert"' in page
    assert signed_in_user(client) is None


def test_an_empty_form_says_what_is_missing_at_each_field(client):
    response = client.post(SIGN_IN, {"username": "", "password": ""})

    page = response.content.decode()
    assert 'id="id_username_error">Vyplňte prosím uživatelské jméno.' in page
    assert 'id="id_password_error">Vyplňte prosím heslo.' in page


def test_a_switched_off_account_cannot_sign_in(client, juror_of_this_year):
    juror_of_this_year.is_active = False
    juror_of_this_year.save()

    response = sign_in(client, "porotkyne")

    assert response.status_code == 200 and signed_in_user(client) is None


def test_a_signed_in_page_shows_the_name_and_the_sign_out_button(client, juror_of_this_year):
    sign_in(client, "porotkyne")

    page = client.get("/").content.decode()

    assert "Účet: Marie Svobodová" in page
    assert 'action="/odhlaseni/"' in page and ">Odhlásit se</button>" in page
    assert '<a href="/porota/">Porota</a>' in page


def test_the_public_pages_show_no_sign_out_but_a_way_in(client):
    page = client.get("/").content.decode()

    assert "Odhlásit se" not in page
    assert 'href="/prihlaseni/"' in page
