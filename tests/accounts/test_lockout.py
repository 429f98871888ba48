"""Wrong passwords: a handful, then the account and the address wait; after the cool-off they are free.

The limit (SPOLU_SIGNIN_FAILURE_LIMIT) is 5 and the cool-off (SPOLU_SIGNIN_COOLOFF_MINUTES) 15 minutes
by default; axes counts failures per account (from any address) and per address (for any account).
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from .conftest import cs, sign_in, signed_in_user

pytestmark = pytest.mark.django_db

LOCKED = "Příliš mnoho chybných pokusů o přihlášení. Zkuste to znovu za 15 minut, nebo zavolejte na odbor."


def fail(client, username, times, *, address="127.0.0.1"):
    return [sign_in(client, username, "heslo-spatne", address=address) for _ in range(times)]


def move_failures_back(minutes):
    """As if the failures had happened `minutes` earlier (axes reads each row's attempt_time)."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_the_defaults_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)


def test_four_wrong_passwords_still_let_the_right_one_in(client, juror_of_this_year):
    answers = fail(client, "porotkyne", 4)

    assert [answer.status_code for answer in answers] == [200] * 4
    assert sign_in(client, "porotkyne").status_code == 302
    assert signed_in_user(client) == juror_of_this_year


def test_the_fifth_wrong_password_locks_the_account_with_a_czech_page(client, juror_of_this_year):
    *_, fifth = fail(client, "porotkyne", 5)

    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    assert int(fifth["Retry-After"]) == 15 * 60

    right = sign_in(client, "porotkyne")
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert signed_in_user(client) is None


def test_the_account_is_locked_from_every_address(client, juror_of_this_year):
    for number in range(5):
        sign_in(client, "porotkyne", "heslo-spatne", address=f"192.0.2.{number + 1}")

    response = sign_in(client, "porotkyne", address="198.51.100.7")

    assert response.status_code == 429 and signed_in_user(client) is None


def test_the_address_is_locked_for_every_account(client, juror_of_this_year, staff, stranger):
    for username in ("porotkyne", "pracovnice", "cizinec", "nikdo", "admin"):
        sign_in(client, username, "heslo-spatne", address="203.0.113.9")

    from_there = sign_in(client, "pracovnice", address="203.0.113.9")
    assert from_there.status_code == 429 and signed_in_user(client) is None
    # The same people elsewhere are not locked: each account failed once only.
    assert sign_in(client, "pracovnice", address="198.51.100.7").status_code == 302


def test_a_forged_forwarded_for_header_does_not_make_a_new_address(client, juror_of_this_year):
    for number in range(5):
        client.post("/prihlaseni/", {"username": f"nikdo{number}", "password": "x"},
                    REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")

    response = client.post("/prihlaseni/", {"username": "porotkyne", "password": "heslo-pro-testy"},
                           REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429


def test_behind_our_proxy_the_forwarded_address_counts(client, juror_of_this_year, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for number in range(5):
        client.post("/prihlaseni/", {"username": f"nikdo{number}", "password": "x"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    # Another visitor behind the same proxy is not locked out; the guesser is.
    other = client.post("/prihlaseni/", {"username": "porotkyne", "password": "heslo-pro-testy"},
                        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302
    guesser = client.post("/prihlaseni/", {"username": "cizinec", "password": "x"},
                          REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert guesser.status_code == 429


def test_trying_again_while_locked_does_not_make_the_wait_longer(client, juror_of_this_year):
    fail(client, "porotkyne", 5)
    move_failures_back(10)

    fail(client, "porotkyne", 3)
    move_failures_back(6)

    assert sign_in(client, "porotkyne").status_code == 302


def test_the_lock_holds_until_the_cool_off_has_passed(client, juror_of_this_year):
    fail(client, "porotkyne", 5)

    move_failures_back(14)
    assert sign_in(client, "porotkyne").status_code == 429

    move_failures_back(2)
    assert sign_in(client, "porotkyne").status_code == 302
    assert signed_in_user(client) == juror_of_this_year


def test_the_limit_and_the_cool_off_come_from_the_settings(client, juror_of_this_year, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)

    *_, second = fail(client, "porotkyne", 2)

    assert second.status_code == 429
    assert cs("Too many wrong attempts to sign in. Try again in %(minutes)s minute, or call the department.",
              minutes=1) in second.content.decode()
    assert "za 1 minutu" in second.content.decode()
    move_failures_back(2)
    assert sign_in(client, "porotkyne").status_code == 302


def test_getting_it_right_forgives_ones_own_slips_but_not_the_addresses_others(client, juror_of_this_year, staff):
    fail(client, "pracovnice", 3)  # someone at this address guessing the staff's password
    fail(client, "porotkyne", 1)

    assert sign_in(client, "porotkyne").status_code == 302
    client.post("/odhlaseni/")
    # The juror's own slip is forgiven; the three guesses on the staff account still count here.
    answers = fail(client, "cizinec", 2)
    assert [answer.status_code for answer in answers] == [200, 429]


def test_a_new_password_by_e_mail_unlocks_the_account(client, juror_of_this_year):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    for number in range(5):
        sign_in(client, "porotkyne", "heslo-spatne", address=f"192.0.2.{number + 1}")
    uid = urlsafe_base64_encode(force_bytes(juror_of_this_year.pk))
    token = default_token_generator.make_token(juror_of_this_year)
    form_page = client.get(f"/prihlaseni/nove-heslo/{uid}/{token}/", follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": "Modra-konvice-42",
                                                  "new_password2": "Modra-konvice-42"})

    assert sign_in(client, "porotkyne", "Modra-konvice-42", address="198.51.100.7").status_code == 302
