"""Only what every calendar app reads alike goes out, and a client that asks again learns of every change.

A rule Google, Outlook, Apple, Thunderbird and Evolution expand alike is published as an RRULE;
any other (a week number, BYSETPOS, the 31st) as its dates, one VEVENT each. Last-Modified moves
when an event leaves a feed, a note for visitors reaches the calendar, and a renamed audience is
a change of its events.
"""

from datetime import date, time, timedelta

import pytest
import recurring_ical_events
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from events.ical import portable_rule
from events.models import Audience, Kind, Occurrence, Venue
from registrations.services import cancel, register

from .conftest import FEED, change_date, master, override, parse, prague, vevents


def _monday_of_week_20():
    for year in (date.today().year, date.today().year + 1):
        monday = date.fromisocalendar(year, 20, 1)
        if monday > date.today():
            return monday
    raise AssertionError("no week 20 ahead")


@pytest.mark.parametrize("rule, portable", [
    ("FREQ=WEEKLY;BYDAY=MO,TH", True),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;UNTIL=20271231T225959Z", True),
    ("FREQ=MONTHLY;BYDAY=-1FR", True),
    ("FREQ=MONTHLY;BYDAY=2TU", True),
    ("FREQ=MONTHLY;BYMONTHDAY=15", True),
    ("FREQ=YEARLY;BYMONTH=5;BYDAY=2SU", True),
    ("FREQ=DAILY;COUNT=20", True),
    ("FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYWEEKNO=20", False),  # ical.js: every week but the 20th
    ("FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", False),
    ("FREQ=MONTHLY;BYMONTHDAY=31", False),  # Outlook: the last day of shorter months
    ("FREQ=MONTHLY;BYMONTHDAY=-1", False),
    ("FREQ=MONTHLY;BYDAY=5FR", False),  # Outlook: the last Friday
    ("FREQ=YEARLY;BYMONTH=3,5", False),
    ("FREQ=YEARLY;BYDAY=1MO", False),  # the year's first Monday: no Outlook pattern
    ("FREQ=DAILY;BYDAY=MO,TU", False),
    ("FREQ=WEEKLY;BYDAY=MO;WKST=SU", False),
])
def test_only_rules_every_app_expands_alike_are_portable(rule, portable):
    from datetime import datetime

    assert portable_rule(rule, datetime(2027, 1, 15, 18, 0)) is portable


def test_a_yearly_rule_from_the_29th_or_later_is_not_portable():
    from datetime import datetime

    assert portable_rule("FREQ=MONTHLY", datetime(2027, 1, 28, 18, 0))
    assert not portable_rule("FREQ=MONTHLY", datetime(2027, 1, 29, 18, 0))
    assert not portable_rule("FREQ=YEARLY", datetime(2028, 2, 29, 18, 0))


def test_a_week_number_festival_goes_out_as_its_five_days(client, make_series):
    monday = _monday_of_week_20()
    festival = make_series("Senioři baví seniory", rule="FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYWEEKNO=20",
                           starts_on=monday, start_time=time(10, 0), duration=timedelta(hours=6), kind=Kind.FESTIVAL)

    calendar = parse(client.get(FEED))

    assert b"BYWEEKNO" not in client.get(FEED).content
    events = vevents(calendar)
    assert all("RRULE" not in event for event in events)
    days = sorted(prague(event["DTSTART"].dt).date() for event in events)
    assert days[:5] == [monday + timedelta(days=shift) for shift in range(5)]
    rows = festival.occurrences.order_by("start")
    assert [str(event["UID"]) for event in sorted(events, key=lambda event: event["DTSTART"].dt)] == [
        f"occurrence-{row.pk}@spolu" for row in rows
    ]


def test_a_cancelled_date_of_a_series_sent_as_dates_is_left_out(client, make_series):
    last_friday = make_series("Nedám se!", rule="FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1",
                              starts_on=_last_friday_ahead(), start_time=time(17, 0), kind=Kind.WORKSHOP)
    first, second = last_friday.occurrences.order_by("start")[:2]
    change_date(second, status="cancelled")

    uids = {str(event["UID"]) for event in vevents(parse(client.get(FEED)))}

    assert f"occurrence-{first.pk}@spolu" in uids
    assert f"occurrence-{second.pk}@spolu" not in uids
    assert f"series-{last_friday.pk}@spolu" not in uids


def _last_friday_ahead():
    today = date.today()
    for months in range(1, 3):
        year, month = today.year + (today.month + months) // 12, (today.month + months) % 12 + 1
        day = date(year, month, 1) - timedelta(days=1)
        friday = day - timedelta(days=(day.weekday() - 4) % 7)
        if friday > today:
            return friday
    raise AssertionError


def test_a_last_friday_as_minus_one_fr_stays_one_rule(client, make_series):
    series = make_series("Nedám se!", rule="FREQ=MONTHLY;BYDAY=-1FR", starts_on=_last_friday_ahead(),
                         start_time=time(17, 0), kind=Kind.WORKSHOP)

    event = master(parse(client.get(FEED)), f"series-{series.pk}@spolu")

    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=-1FR"


def test_a_note_for_visitors_on_a_date_reaches_the_calendar(client, oldies_goldies):
    second = oldies_goldies.occurrences.order_by("start")[1]
    change_date(second, status_note="Vstup bočním vchodem z Kopeckého sadů.")

    event = override(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu", prague(second.recurrence_id))

    assert "Vstup bočním vchodem z Kopeckého sadů." in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == prague(second.start)


def test_a_note_for_visitors_reaches_the_personal_calendar_of_someone_registered(client, oldies_goldies):
    second = oldies_goldies.occurrences.order_by("start")[1]
    person = register(second, name="Marie Dvořáková", email="marie@seznam.cz").registration.person
    path = f"/feeds/me/{person.feed_token}.ics"
    before = client.get(path)
    assert "bočním vchodem" not in before.content.decode()

    change_date(second, status_note="Vstup bočním vchodem z Kopeckého sadů.")

    again = _stale_copy_asks_again(client, path, before)
    assert again.status_code == 200
    [event] = vevents(parse(again))
    assert "Vstup bočním vchodem z Kopeckého sadů." in str(event["DESCRIPTION"])


def _stale_copy_asks_again(client, path, before):
    """A client holding the copy from `before` asks with both validators, as calendar apps do."""
    return client.get(path, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])


def test_last_modified_moves_when_a_series_leaves_the_feed(client, oldies_goldies, make_series):
    make_series("Trénink paměti", kind=Kind.COURSE)
    before = client.get(FEED)
    oldies_goldies.published = False
    oldies_goldies.save()

    again = _stale_copy_asks_again(client, FEED, before)

    assert again.status_code == 200
    assert b"Oldies Goldies" not in again.content
    assert parse_http_date(again["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=again["Last-Modified"]).status_code == 304


def test_last_modified_stays_while_the_feed_stays_the_same(client, oldies_goldies):
    first = client.get(FEED)
    outcome = register(oldies_goldies.occurrences.order_by("start")[0], name="Jan Novák", phone="777 111 222")
    cancel(outcome.registration)

    assert client.get(FEED)["Last-Modified"] == first["Last-Modified"]
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_last_modified_of_a_personal_feed_moves_when_a_registration_is_cancelled(client, oldies_goldies):
    dates = list(oldies_goldies.occurrences.order_by("start")[:2])
    kept = register(dates[0], name="Marie Dvořáková", email="marie@seznam.cz").registration
    dropped = register(dates[1], name="Marie Dvořáková", email="marie@seznam.cz").registration
    path = f"/feeds/me/{kept.person.feed_token}.ics"
    before = client.get(path)
    assert len(vevents(parse(before))) == 2
    Occurrence.objects.filter(pk=dates[1].pk).update(updated_at=timezone.now() - timedelta(days=1))
    cancel(dropped)

    again = _stale_copy_asks_again(client, path, before)

    assert again.status_code == 200
    assert len(vevents(parse(again))) == 1
    assert parse_http_date(again["Last-Modified"]) > parse_http_date(before["Last-Modified"])


def test_the_first_answer_of_a_feed_dates_from_its_newest_change(client, oldies_goldies):
    response = client.get(FEED)

    newest = max(event["DTSTAMP"].dt for event in vevents(parse(response)))
    assert response["Last-Modified"] == http_date(int(newest.timestamp()))


def test_renaming_an_audience_is_a_change_of_its_events_at_once(client, oldies_goldies, seniors):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    type(oldies_goldies).objects.filter(pk=oldies_goldies.pk).update(updated_at=an_hour_ago)
    Venue.objects.filter(pk=oldies_goldies.venue_id).update(updated_at=an_hour_ago)
    before = master(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu")  # now in the cache
    assert [str(name) for name in before["CATEGORIES"].cats] == ["senioři"]

    audience = Audience.objects.get(pk=seniors.pk)
    audience.name = "Senioři a seniorky"
    audience.save()

    after = master(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu")
    assert [str(name) for name in after["CATEGORIES"].cats] == ["Senioři a seniorky"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["DTSTAMP"].dt > before["DTSTAMP"].dt


def test_deleting_an_audience_is_a_change_of_its_events_at_once(client, oldies_goldies, seniors, disabled):
    oldies_goldies.audiences.add(disabled)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    type(oldies_goldies).objects.filter(pk=oldies_goldies.pk).update(updated_at=an_hour_ago)
    Venue.objects.filter(pk=oldies_goldies.venue_id).update(updated_at=an_hour_ago)
    Audience.objects.update(updated_at=an_hour_ago)
    before = master(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu")  # now in the cache
    assert sorted(str(name) for name in before["CATEGORIES"].cats) == sorted([seniors.name, disabled.name])

    Audience.objects.get(pk=disabled.pk).delete()

    after = master(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu")
    assert [str(name) for name in after["CATEGORIES"].cats] == [seniors.name]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["DTSTAMP"].dt > before["DTSTAMP"].dt


def test_saving_an_audience_unchanged_changes_no_event(client, oldies_goldies, seniors):
    before = master(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu")

    Audience.objects.get(pk=seniors.pk).save()

    after = master(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu")
    assert after["SEQUENCE"] == before["SEQUENCE"]


def test_a_night_dance_over_a_clock_change_beyond_the_horizon_keeps_its_wall_clock_end(client, make_series, settings):
    from .conftest import next_clock_change

    settings.SPOLU_HORIZON_DAYS = 30
    spring, autumn = next_clock_change(3), next_clock_change(10)
    dance = make_series("Noční tančírna", rule="FREQ=WEEKLY;BYDAY=SA", starts_on=_next_saturday(),
                        start_time=time(22, 0), duration=timedelta(hours=7))
    assert not dance.occurrences.filter(start__date__gte=spring - timedelta(days=1)).exists()
    dance.refresh_from_db()

    calendar = parse(client.get(FEED))

    uid = f"series-{dance.pk}@spolu"
    for sunday in (spring, autumn):
        saturday = sunday - timedelta(days=1)
        written_out = override(calendar, uid, _prague_at(saturday, 22))
        assert written_out["DTSTART"].dt == _prague_at(saturday, 22)
        assert written_out["DTEND"].dt == _prague_at(sunday, 5)
        assert written_out["SEQUENCE"] == dance.sequence  # what its row will say once it is made
    ordinary = _prague_at(spring + timedelta(days=6), 22)
    assert not [event for event in vevents(calendar, uid)
                if "RECURRENCE-ID" in event and event["RECURRENCE-ID"].dt == ordinary]


def _next_saturday():
    today = date.today()
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


def _prague_at(day, hour):
    from datetime import datetime

    from events.recurrence import PRAGUE

    return datetime.combine(day, time(hour, 0)).replace(tzinfo=PRAGUE)


def test_after_a_new_start_time_the_past_dates_stay_as_they_happened(client, make_series):
    from events.services import cancel_occurrence, series_changed, sync_occurrences

    today = date.today()
    three_weeks_ago = today - timedelta(days=21)
    dance = make_series("Oldies Goldies", rule="FREQ=WEEKLY;BYDAY=SU",
                        starts_on=three_weeks_ago + timedelta(days=(6 - three_weeks_ago.weekday()) % 7))
    sync_occurrences(dance, now=timezone.now() - timedelta(days=21))  # the dates made back then
    past = list(dance.occurrences.filter(start__lt=timezone.now()).order_by("start"))
    assert len(past) >= 2
    cancel_occurrence(past[0], note="Sál je v opravě.")
    dance.start_time = time(19, 0)
    dance.save()
    series_changed(dance)
    dance.refresh_from_db()
    assert dance.rule_since is not None

    calendar = parse(client.get(FEED))

    series_event = master(calendar, f"series-{dance.pk}@spolu")
    first_ahead = dance.occurrences.filter(start__gte=timezone.now()).order_by("start").first()
    assert series_event["DTSTART"].dt == prague(first_ahead.start)
    assert prague(first_ahead.start).strftime("%H:%M") == "19:00"
    assert not vevents(calendar, f"occurrence-{past[0].pk}@spolu")  # still cancelled
    for row in past[1:]:
        (event,) = vevents(calendar, f"occurrence-{row.pk}@spolu")
        assert prague(event["DTSTART"].dt).strftime("%H:%M") == "18:00"
        assert "RRULE" not in event
    shown = {
        prague(event["DTSTART"].dt).strftime("%Y-%m-%d %H:%M")
        for event in recurring_ical_events.of(calendar).between(
            prague(past[0].start) - timedelta(days=1), timezone.now())
    }
    assert shown == {prague(row.start).strftime("%Y-%m-%d %H:%M") for row in past[1:]}
