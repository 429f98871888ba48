"""A senior's own dates in their calendar, from the private address on "Moje akce", and a new address."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.services import cancel_occurrence
from registrations.models import Person
from registrations.services import cancel, register
from tests.queries import count_queries

from .conftest import change_date, parse, prague, vevents


def feed_of(person):
    return f"/feeds/me/{person.feed_token}.ics"


@pytest.fixture
def small_workshop(make_series):
    """Šikovné ruce with one place, in two days: the second person waits."""
    series = make_series("Šikovné ruce", rule="", starts_on=timezone.localdate() + timedelta(days=2),
                         start_time=time(14, 0), duration=timedelta(hours=2), capacity=1)
    return series.occurrences.get()


def test_confirmed_dates_are_confirmed_and_waiting_list_dates_tentative(client, marie, oldies_goldies, small_workshop):
    calendar = parse(client.get(feed_of(marie)))

    by_status = {str(event["STATUS"]): event for event in vevents(calendar)}
    assert set(by_status) == {"CONFIRMED", "TENTATIVE"}
    dance, workshop = by_status["CONFIRMED"], by_status["TENTATIVE"]
    first_dance = oldies_goldies.occurrences.order_by("start")[0]
    assert (dance["DTSTART"].dt, dance["DTEND"].dt) == (prague(first_dance.start), prague(first_dance.end))
    assert dance["DTSTART"].params["TZID"] == "Europe/Prague"
    assert workshop["DTSTART"].dt == prague(small_workshop.start)
    registration = marie.registrations.get(occurrence=first_dance)
    assert str(dance["UID"]) == f"registration-{registration.pk}@spolu"
    assert str(dance["URL"]).endswith(f"/vstupenka/{registration.code}/")
    assert calendar.walk("VTIMEZONE")


def test_only_her_own_dates_and_nothing_about_anyone_else(client, marie):
    body = client.get(feed_of(marie)).content.decode()

    assert len(parse(client.get(feed_of(marie))).walk("VEVENT")) == 2
    for other in ("Eva", "eva@seznam.cz", "Dvořáková", "marie@seznam.cz"):
        assert other not in body


def test_a_cancelled_registration_leaves_and_a_cancelled_date_stays_as_cancelled(client, marie, small_workshop):
    dance_registration = marie.registrations.get(occurrence__series__slug="oldies-goldies")
    cancel(marie.registrations.get(occurrence=small_workshop))
    cancel_occurrence(dance_registration.occurrence, note="Sál je v opravě.")

    (event,) = vevents(parse(client.get(feed_of(marie))))

    assert str(event["UID"]) == f"registration-{dance_registration.pk}@spolu"
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Sál je v opravě." in str(event["DESCRIPTION"])


def test_moving_up_from_the_waiting_list_confirms_the_date_with_a_higher_sequence(client, marie, small_workshop):
    waiting = marie.registrations.get(occurrence=small_workshop)
    before = vevents(parse(client.get(feed_of(marie))), f"registration-{waiting.pk}@spolu")[0]

    cancel(small_workshop.registrations.get(person__email="eva@seznam.cz"))

    after = vevents(parse(client.get(feed_of(marie))), f"registration-{waiting.pk}@spolu")[0]
    assert (str(before["STATUS"]), str(after["STATUS"])) == ("TENTATIVE", "CONFIRMED")
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_a_moved_date_moves_in_her_calendar(client, marie, oldies_goldies):
    dance = oldies_goldies.occurrences.order_by("start")[0]
    later = dance.start + timedelta(hours=1)
    etag = client.get(feed_of(marie))["ETag"]
    change_date(dance, start=later)

    response = client.get(feed_of(marie), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    (event,) = [event for event in vevents(parse(response)) if str(event["STATUS"]) == "CONFIRMED"]
    assert event["DTSTART"].dt == prague(later)


def test_her_calendar_asking_again_gets_304(client, marie):
    etag = client.get(feed_of(marie))["ETag"]

    response = client.get(feed_of(marie), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304 and response.content == b""


def test_the_private_feed_is_not_cached_by_others(client, marie):
    response = client.get(feed_of(marie))

    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("token", ["neznamy-token", "x" * 64, "%20"])
def test_an_unknown_address_is_404_with_a_short_message(client, db, token):
    response = client.get(f"/feeds/me/{token}.ics")

    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert 0 < len(response.content) < 300


def test_an_anonymised_person_has_no_feed(client, marie):
    Person.objects.filter(pk=marie.pk).update(anonymised_at=timezone.now())

    assert client.get(feed_of(marie)).status_code == 404


def test_the_same_number_of_queries_for_one_date_or_many(client, make_series):
    series = make_series("Oldies Goldies")
    dates = list(series.occurrences.order_by("start")[:4])
    register(dates[0], name="Jan Novák", phone="777 111 222")
    person = Person.objects.get()
    one = count_queries(client, feed_of(person))
    for index, date in enumerate(dates[1:]):
        other = make_series(f"Klub pečujících {index}")
        register(date, name="Jan Novák", phone="777 111 222")
        register(other.occurrences.order_by("start")[0], name="Jan Novák", phone="777 111 222")

    assert count_queries(client, feed_of(person)) == one
    assert len(parse(client.get(feed_of(person))).walk("VEVENT")) == 7


def test_renewing_the_address_makes_the_old_page_feed_and_tickets_stop_working(
    client, marie, mailoutbox, django_capture_on_commit_callbacks,
):
    old_page, old_feed = marie.token, marie.feed_token
    old_codes = set(marie.registrations.values_list("code", flat=True))
    page = client.get(f"/moje-akce/{old_page}/")
    assert f"/feeds/me/{old_feed}.ics" in page.content.decode()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moje-akce/{old_page}/obnovit/")

    marie.refresh_from_db()
    assert marie.token != old_page and marie.feed_token != old_feed and marie.token != marie.feed_token
    assert response.status_code == 302 and response["Location"] == f"/moje-akce/{marie.token}/"
    new_page = client.get(response["Location"]).content.decode()
    assert f"webcal://testserver/feeds/me/{marie.feed_token}.ics" in new_page
    # It says what changed: the page, the calendar, both tickets, and that the new link went by e-mail.
    for words in ("adresa je nová", "kalendáře je nová", "2 vstupenky mají nové kódy", "jsme poslali na váš e-mail"):
        assert words in new_page, words
    assert client.get(f"/moje-akce/{old_page}/").status_code == 404
    assert client.get(f"/feeds/me/{old_feed}.ics").status_code == 404
    for code in old_codes:
        assert client.get(f"/vstupenka/{code}/").status_code == 404
    new_codes = set(marie.registrations.values_list("code", flat=True))
    assert len(new_codes) == 2 and not new_codes & old_codes
    for code in new_codes:
        assert client.get(f"/vstupenka/{code}/").status_code == 200
    assert len(parse(client.get(feed_of(marie))).walk("VEVENT")) == 2
    assert [message.to for message in mailoutbox] == [["marie@seznam.cz"]]
    assert f"/moje-akce/{marie.token}/" in mailoutbox[0].body and old_page not in mailoutbox[0].body


def test_renewing_leaves_past_tickets_and_other_people_alone(client, marie, small_workshop):
    eva = Person.objects.get(email="eva@seznam.cz")
    eva_code = eva.registrations.get().code
    client.post(f"/moje-akce/{marie.token}/obnovit/")
    assert eva.registrations.get().code == eva_code
    eva.refresh_from_db()
    assert client.get(f"/feeds/me/{eva.feed_token}.ics").status_code == 200


def test_renewing_needs_a_post_and_a_known_address(client, marie):
    assert client.get(f"/moje-akce/{marie.token}/obnovit/").status_code == 405
    assert client.post("/moje-akce/neznamy/obnovit/").status_code == 404
    token = marie.token
    marie.refresh_from_db()
    assert marie.token == token


def test_renewing_is_protected_against_cross_site_requests(marie):
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)

    assert guarded.post(f"/moje-akce/{marie.token}/obnovit/").status_code == 403
