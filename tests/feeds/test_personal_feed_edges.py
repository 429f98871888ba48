"""The personal calendar ("Moje akce") value by value, as a calendar app reads each line.

Written from the mutants that survived `make mutants APP=registrations` in registrations/feeds.py
(issue 15, item 5): the summary and the first lines of each kind of registration, its places, link,
audiences, DTSTAMP and SEQUENCE, and the order of the dates.
"""

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from events import ical
from events.models import Occurrence, Series, Venue
from events.services import cancel_occurrence, change_occurrence
from registrations.models import Registration
from registrations.services import cancel, register

from .conftest import parse, vevents

pytestmark = pytest.mark.django_db


def czech(function, *args):
    with translation.override("cs"):
        return str(function(*args))


def feed_of(person):
    return f"/feeds/me/{person.feed_token}.ics"


def by_uid(calendar, registration):
    (event,) = vevents(calendar, f"registration-{registration.pk}@spolu")
    return event


@pytest.fixture
def one_place(make_series):
    """Šikovné ruce with one place, in two days: a second person waits."""
    series = make_series("Šikovné ruce", rule="", starts_on=timezone.localdate() + timedelta(days=2),
                         start_time=time(14, 0), duration=timedelta(hours=2), capacity=1)
    return series.occurrences.get()


@pytest.fixture
def hana(dance, one_place):
    """Hana: two places at the dance, on the waiting list of the workshop."""
    register(one_place, name="Eva Dvořáková", phone="601000001")
    confirmed = register(dance, name="Hana Malá", phone="777123456", seats=2).registration
    waiting = register(one_place, name="Hana Malá", phone="777123456").registration
    assert (confirmed.person_id, waiting.status) == (waiting.person_id, Registration.Status.WAITLISTED)
    return confirmed, waiting


def test_a_confirmed_date_is_its_title_with_the_places_the_ticket_and_the_audiences(client, hana):
    confirmed, _waiting = hana
    calendar = parse(client.get(feed_of(confirmed.person)))
    event = by_uid(calendar, confirmed)
    series = confirmed.occurrence.series
    ticket = ical.absolute(confirmed.get_absolute_url())
    description = str(event["DESCRIPTION"])
    assert (str(event["SUMMARY"]), str(event["STATUS"])) == (series.title, "CONFIRMED")
    assert description.startswith(czech(ngettext, "%(seats)s place", "%(seats)s places", 2) % {"seats": 2})
    assert czech(ngettext, "%(seats)s place", "%(seats)s places", 2) % {"seats": 2} == "2 místa"
    assert czech(gettext, "On the waiting list") not in description
    assert description.endswith(ticket) and str(event["URL"]) == ticket
    with translation.override("cs"):
        assert ical.registration_note(series) not in description  # she is registered already
    assert [str(c) for c in event["CATEGORIES"].cats] == ["senioři"]
    assert str(calendar["X-WR-CALNAME"]) == czech(gettext, "My events") != "My events"
    assert str(calendar["UID"]) == f"person-{confirmed.person_id}@spolu"
    assert str(calendar["DESCRIPTION"]) == settings.SPOLU_DEPARTMENT_NAME


def test_a_waiting_list_date_says_so_in_its_summary_and_first_line(client, hana):
    _confirmed, waiting = hana
    event = by_uid(parse(client.get(feed_of(waiting.person))), waiting)
    title = waiting.occurrence.series.title
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["SUMMARY"]) == czech(gettext, "Waiting list: %(title)s") % {"title": title}
    assert str(event["SUMMARY"]) != f"Waiting list: {title}"
    blocks = str(event["DESCRIPTION"]).split("\n\n")
    assert blocks[:2] == [czech(gettext, "On the waiting list"), "1 místo"]


def test_a_cancelled_date_says_cancelled_and_not_waiting(client, hana):
    _confirmed, waiting = hana
    cancel_occurrence(waiting.occurrence, note="Lektorka onemocněla.")
    event = by_uid(parse(client.get(feed_of(waiting.person))), waiting)
    title = waiting.occurrence.series.title
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == czech(gettext, "Cancelled: %(title)s") % {"title": title} != f"Cancelled: {title}"
    assert czech(gettext, "On the waiting list") not in str(event["DESCRIPTION"])


def test_sequence_adds_the_series_the_date_and_one_for_being_confirmed(client, hana, staff):
    confirmed, waiting = hana
    for registration in hana:
        change_occurrence(registration.occurrence, by=staff, status_note="Vchod ze dvora.")
        change_occurrence(registration.occurrence, by=staff, status_note="Vchod z ulice.")
    calendar = parse(client.get(feed_of(confirmed.person)))
    for registration, confirmed_one in ((confirmed, 1), (waiting, 0)):
        occurrence = Occurrence.objects.get(pk=registration.occurrence_id)
        series = Series.objects.get(pk=occurrence.series_id)
        assert occurrence.sequence == 2
        assert int(by_uid(calendar, registration)["SEQUENCE"]) == series.sequence + 2 + confirmed_one


@pytest.mark.parametrize("newest", ["registration", "occurrence", "series", "venue"])
def test_dtstamp_is_the_newest_change_of_the_ticket_the_date_the_series_or_the_place(client, hana, newest):
    confirmed, _waiting = hana
    occurrence = confirmed.occurrence
    long_ago = timezone.now().replace(microsecond=0) - timedelta(days=30)
    rows = {"registration": (Registration, confirmed.pk), "occurrence": (Occurrence, occurrence.pk),
            "series": (Series, occurrence.series_id), "venue": (Venue, occurrence.place.pk)}
    for name, (model, pk) in rows.items():
        model.objects.filter(pk=pk).update(updated_at=long_ago + timedelta(days=10 if name == newest else 0))
    event = by_uid(parse(client.get(feed_of(confirmed.person))), confirmed)
    assert event["DTSTAMP"].dt == long_ago + timedelta(days=10)


def test_the_dates_come_in_the_order_they_take_place(client, dance, one_place):
    later = dance.series.occurrences.order_by("start")[2]
    first = register(later, name="Hana Malá", phone="777123456").registration
    second = register(one_place, name="Hana Malá", phone="777123456").registration
    assert one_place.start < later.start
    calendar = parse(client.get(feed_of(first.person)))
    assert [str(event["UID"]) for event in vevents(calendar)] == [
        f"registration-{second.pk}@spolu", f"registration-{first.pk}@spolu"]


def test_a_person_with_no_dates_left_gets_an_empty_calendar(client, dance):
    registration = register(dance, name="Hana Malá", phone="777123456").registration
    cancel(registration)
    response = client.get(feed_of(registration.person))
    assert vevents(parse(response)) == []


def test_an_old_calendar_address_says_where_the_new_one_is(client, dance):
    registration = register(dance, name="Hana Malá", phone="777123456").registration
    old = feed_of(registration.person)
    registration.person.feed_token = "nova-adresa"
    registration.person.save(update_fields=["feed_token"])
    response = client.get(old)
    assert response.status_code == 404
    message = czech(gettext, "This calendar address does not work any more. Open your “My events” page for the "
                             "current one.")
    assert message != "This calendar address does not work any more. Open your “My events” page for the current one."
    assert message in response.content.decode()


def test_the_calendar_downloads_as_moje_akce_and_is_dated_by_its_newest_change(client, hana):
    from django.utils.http import http_date

    confirmed, waiting = hana
    long_ago = timezone.now().replace(microsecond=0) - timedelta(days=30)
    for model in (Registration, Occurrence, Series, Venue):
        model.objects.update(updated_at=long_ago)
    response = client.get(feed_of(confirmed.person))
    assert response["Content-Disposition"] == 'inline; filename="moje-akce.ics"'
    assert response["Last-Modified"] == http_date(long_ago.timestamp())


def test_each_persons_calendar_keeps_its_own_date_of_change(client, dance):
    from django.utils.http import http_date

    first = register(dance, name="Hana Malá", phone="777123456").registration
    second = register(dance, name="Eva Dvořáková", phone="601000001").registration
    long_ago = timezone.now().replace(microsecond=0) - timedelta(days=30)
    for model in (Registration, Occurrence, Series, Venue):
        model.objects.update(updated_at=long_ago)
    Registration.objects.filter(pk=second.pk).update(updated_at=long_ago + timedelta(days=1))
    assert client.get(feed_of(first.person))["Last-Modified"] == http_date(long_ago.timestamp())
    assert client.get(feed_of(second.person))["Last-Modified"] == http_date((long_ago + timedelta(days=1)).timestamp())


def test_places_read_in_english_too(client, hana):
    confirmed, _waiting = hana
    from registrations.feeds import registration_event

    with translation.override("en"):
        event = registration_event(Registration.objects.get(pk=confirmed.pk))
    assert str(event["DESCRIPTION"]).startswith("2 places")
