"""What a subscriber's calendar app receives: one VEVENT per series with its rule, and only the exceptions."""

from datetime import date, time, timedelta

from django.core.cache import cache
from icalendar import vRecur

from events.models import ExcludedDate, Kind, Occurrence
from events.recurrence import PRAGUE
from events.services import cancel_occurrence, series_changed
from tests.conftest import _next_weekday

from .conftest import FEED, change_date, exdates, master, override, parse, prague, vevents


def test_a_weekly_series_is_one_event_with_its_rule_not_hundreds(client, oldies_goldies, nedam_se):
    calendar = parse(client.get(FEED))

    assert len(vevents(calendar)) == 2
    dance = master(calendar, f"series-{oldies_goldies.pk}@spolu")
    assert dance["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=WE"
    assert dance["DTSTART"].dt == oldies_goldies.first_start_local.replace(tzinfo=PRAGUE)
    assert dance["DTSTART"].params["TZID"] == "Europe/Prague"
    assert dance["DTEND"].dt - dance["DTSTART"].dt == timedelta(hours=3)
    assert str(dance["SUMMARY"]) == "Oldies Goldies"
    assert oldies_goldies.occurrences.count() > 50  # the dates the website lists, none of them spelled out


def test_a_rule_with_an_end_keeps_its_utc_until(client, make_series):
    course = make_series("Prostě pořád řídím", rule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20990101", kind=Kind.COURSE,
                         starts_on=_next_weekday(date.today(), 3))

    event = master(parse(client.get(FEED)), f"series-{course.pk}@spolu")

    assert event["RRULE"] == vRecur.from_ical(course.recurrence)
    assert b"UNTIL=20990101T225959Z" in event["RRULE"].to_ical()  # the end of 1 January in Prague, in UTC


def test_a_cancelled_date_is_an_exdate_not_an_event(client, oldies_goldies):
    second = oldies_goldies.occurrences.order_by("start")[1]
    cancel_occurrence(second, note="Sál je v opravě.")

    calendar = parse(client.get(FEED))

    dance = master(calendar, f"series-{oldies_goldies.pk}@spolu")
    assert exdates(dance) == [prague(second.recurrence_id)]
    assert exdates(dance)[0].tzinfo.key == "Europe/Prague"
    assert len(vevents(calendar)) == 1


def test_a_day_excluded_from_the_series_is_an_exdate(client, oldies_goldies):
    holiday = prague(oldies_goldies.occurrences.order_by("start")[2].start)
    ExcludedDate.objects.create(series=oldies_goldies, date=holiday.date(), reason="Státní svátek")
    series_changed(oldies_goldies)
    assert not oldies_goldies.occurrences.filter(recurrence_id=holiday).exists()

    dance = master(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu")

    assert exdates(dance) == [holiday]


def test_a_moved_date_is_its_own_event_with_the_original_start_as_recurrence_id(client, oldies_goldies):
    third = oldies_goldies.occurrences.order_by("start")[2]
    original = third.start
    change_date(third, start=third.start + timedelta(hours=1), status_note="Začínáme později.")

    calendar = parse(client.get(FEED))

    moved = override(calendar, f"series-{oldies_goldies.pk}@spolu", prague(original))
    assert moved["RECURRENCE-ID"].params["TZID"] == "Europe/Prague"
    assert moved["DTSTART"].dt == prague(original + timedelta(hours=1))
    assert moved["DTEND"].dt == prague(original + timedelta(hours=4))
    assert str(moved["URL"]).endswith(f"/akce/oldies-goldies/{third.pk}/")
    assert "Začínáme později." in str(moved["DESCRIPTION"])
    assert exdates(master(calendar, f"series-{oldies_goldies.pk}@spolu")) == []


def test_a_date_at_another_venue_carries_that_address(client, oldies_goldies, depo):
    first = oldies_goldies.occurrences.order_by("start")[0]
    change_date(first, venue=depo)

    moved = override(parse(client.get(FEED)), f"series-{oldies_goldies.pk}@spolu", prague(first.recurrence_id))

    assert str(moved["LOCATION"]) == "DEPO2015, Presslova 14, 301 00 Plzeň"
    assert moved["DTSTART"].dt == prague(first.start)
    assert "GEO" not in moved  # the venue has no coordinates
    assert "Depo (trolejbus 16)" in str(moved["DESCRIPTION"])


def test_a_date_with_only_another_number_of_places_is_not_an_exception(client, oldies_goldies):
    first = oldies_goldies.occurrences.order_by("start")[0]
    change_date(first, capacity=80)

    calendar = parse(client.get(FEED))

    assert len(vevents(calendar)) == 1


def test_a_one_off_event_is_a_plain_event_and_stays_when_cancelled(client, make_series):
    umiii = make_series("Umííí", rule="", kind=Kind.FESTIVAL, starts_on=_next_weekday(date.today(), 5),
                        start_time=time(10, 0), duration=timedelta(hours=6))
    festival_day = umiii.occurrences.get()

    (event,) = vevents(parse(client.get(FEED)))
    assert "RRULE" not in event and "RECURRENCE-ID" not in event
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (prague(festival_day.start), prague(festival_day.end))
    assert str(event["STATUS"]) == "CONFIRMED"

    cancel_occurrence(festival_day, note="Pro nemoc účinkujících.")
    (event,) = vevents(parse(client.get(FEED)))
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"series-{umiii.pk}@spolu"
    assert event["SEQUENCE"] > 0


def test_every_event_tells_where_who_for_and_who_organizes(client, oldies_goldies, disabled, settings):
    oldies_goldies.audiences.add(disabled)

    calendar = parse(client.get(FEED))

    dance = master(calendar, f"series-{oldies_goldies.pk}@spolu")
    assert str(dance["LOCATION"]) == "Měšťanská beseda, Kopeckého sady 13, 301 00 Plzeň"
    assert (dance["GEO"].latitude, dance["GEO"].longitude) == (49.7453, 13.3776)
    assert str(dance["URL"]) == settings.SITE_URL + "/akce/oldies-goldies/"
    assert [str(name) for name in dance["CATEGORIES"].cats] == ["senioři", "zdravotně postižení"]
    assert str(dance["ORGANIZER"]) == f"mailto:{settings.SPOLU_DEPARTMENT_EMAIL}"
    assert dance["ORGANIZER"].params["CN"] == settings.SPOLU_DEPARTMENT_NAME
    description = str(dance["DESCRIPTION"])
    assert "Náměstí Republiky (tram 1, 2, 4)" in description  # the nearest stop
    assert "Parkoviště u Jízdecké ulice" in description
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Program"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=3)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT3H"  # an X- property: read as text


def test_the_file_is_utf8_with_crlf_lines_folded_at_75_octets(client, make_series):
    make_series("Šikovné ruce", description="Háčkování, pletení a vyšívání pro začátečníky i pokročilé. " * 8)

    body = client.get(FEED).content

    assert body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long description was folded
    unfolded = body.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Šikovné ruce" in unfolded
    assert "Háčkování\\, pletení a vyšívání" in unfolded


def test_two_builds_of_an_unchanged_programme_are_byte_identical(client, oldies_goldies, nedam_se):
    change_date(oldies_goldies.occurrences.order_by("start")[1], start=oldies_goldies.occurrences.order_by(
        "start")[1].start + timedelta(minutes=30))
    first = client.get(FEED)
    cache.clear()

    second = client.get(FEED)

    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    stamps = {str(event["DTSTAMP"].to_ical()) for event in vevents(parse(second))}
    assert all(stamp.endswith("Z'") for stamp in stamps)


def test_uids_stay_and_sequence_grows_when_the_series_or_a_date_changes(client, oldies_goldies):
    uid = f"series-{oldies_goldies.pk}@spolu"
    before = master(parse(client.get(FEED)), uid)

    dates = list(oldies_goldies.occurrences.order_by("start"))
    cancel_occurrence(dates[0])
    after_cancel = master(parse(client.get(FEED)), uid)
    oldies_goldies.description = "Živá hudba a tanec."
    oldies_goldies.save()
    series_changed(oldies_goldies)
    after_edit = master(parse(client.get(FEED)), uid)
    change_date(dates[1], start=dates[1].start + timedelta(hours=1))
    calendar = parse(client.get(FEED))
    moved_once = override(calendar, uid, prague(dates[1].recurrence_id))
    change_date(Occurrence.objects.get(pk=dates[1].pk), start=dates[1].start + timedelta(hours=2))
    moved_twice = override(parse(client.get(FEED)), uid, prague(dates[1].recurrence_id))

    assert before["SEQUENCE"] < after_cancel["SEQUENCE"] < after_edit["SEQUENCE"] < master(calendar, uid)["SEQUENCE"]
    assert moved_once["SEQUENCE"] < moved_twice["SEQUENCE"]
    assert {str(event["UID"]) for event in (before, after_cancel, after_edit, moved_once, moved_twice)} == {uid}


def test_no_unpublished_series_and_no_personal_data(client, oldies_goldies, make_series):
    from registrations.services import register

    make_series("Příprava festivalu", published=False)
    register(oldies_goldies.occurrences.order_by("start")[0], name="Marie Dvořáková", email="marie@seznam.cz",
             phone="777 123 456")

    body = client.get(FEED).content.decode()

    assert "Příprava festivalu" not in body
    for personal in ("Dvořáková", "marie@seznam.cz", "777123456", "+420"):
        assert personal not in body


def test_a_festival_over_the_night_the_clocks_go_back_keeps_its_wall_clock_end(client, make_series):
    from .conftest import next_clock_change

    friday = next_clock_change(10) - timedelta(days=2)
    if friday <= date.today():
        friday = next_clock_change(10, after=friday + timedelta(days=7)) - timedelta(days=2)
    festival = make_series("Senioři baví seniory", rule="FREQ=YEARLY", starts_on=friday, start_time=time(10, 0),
                           duration=timedelta(days=2, hours=6), kind=Kind.FESTIVAL)
    first = festival.occurrences.get()

    calendar = parse(client.get(FEED))

    # With a rule, every later year would take this year's DTEND - DTSTART (2 days 7 hours of
    # elapsed time), read as elapsed time by some apps and as wall-clock time by others: the
    # festival goes out as its dates instead, each with its own wall-clock end.
    assert not vevents(calendar, f"series-{festival.pk}@spolu")
    (event,) = vevents(calendar, f"occurrence-{first.pk}@spolu")
    assert "RRULE" not in event
    assert event["DTSTART"].dt == prague(first.start)
    assert event["DTEND"].dt == prague(first.end)
    assert prague(first.end).strftime("%a %H:%M") == "Sun 16:00"


def test_a_one_off_beyond_the_horizon_is_there_before_its_date_is(client, make_series):
    later = make_series("Anděl 2028", rule="", starts_on=date.today() + timedelta(days=600), start_time=time(17, 0),
                        duration=timedelta(hours=2), kind=Kind.MEETING)
    assert not later.occurrences.exists()

    (event,) = vevents(parse(client.get(FEED)))

    assert event["DTSTART"].dt == later.first_start_local.replace(tzinfo=PRAGUE)
    assert str(event["URL"]).endswith("/akce/andel-2028/")


def test_after_a_new_start_time_the_dates_keep_their_people_and_show_the_new_time(client, oldies_goldies):
    from registrations.services import register

    first = oldies_goldies.occurrences.order_by("start")[0]
    register(first, name="Jan Novák", phone="777 111 222")
    oldies_goldies.start_time = time(19, 0)
    oldies_goldies.save()
    series_changed(oldies_goldies)
    first = Occurrence.objects.get(pk=first.pk)
    assert not first.is_cancelled and prague(first.start).strftime("%H:%M") == "19:00"

    calendar = parse(client.get(FEED))

    (event,) = vevents(calendar)
    assert event["DTSTART"].dt == prague(first.start)
    assert exdates(event) == []  # 18:00 is no date of the new rule: nothing to take out
