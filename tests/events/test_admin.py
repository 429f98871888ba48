"""Staff keep the programme in the admin: schedules chosen in words, dates that follow, and
organizers who can reach only their own series."""

from datetime import date, datetime, time, timedelta

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import reverse

from events import services
from events.admin_forms import OccurrenceAdminForm, SeriesAdminForm, describe_rule, rule_to_choices
from events.models import Kind, Occurrence, Series
from events.recurrence import split_rule, to_local
from tests.queries import count_queries

ADD_URL = reverse("admin:events_series_add")
CHANGELIST_URL = reverse("admin:events_series_changelist")


def change_url(series):
    return reverse("admin:events_series_change", args=[series.pk])


def form_data(response, **overrides):
    """What the browser would send back for the page as shown, with `overrides` filled in."""
    data = {}
    forms_shown = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_shown += [inline.formset.management_form, *inline.formset.forms]
    for form in forms_shown:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            key, value, widget = form.add_prefix(name), form[name].value(), field.widget
            widget = getattr(widget, "widget", widget)  # the admin wraps selects
            if isinstance(widget, forms.MultiWidget):
                parts = value if isinstance(value, list) else widget.decompress(value)
                for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                    data[f"{key}_{index}"] = sub.format_value(part) or ""
            elif isinstance(widget, forms.CheckboxInput):
                if value:
                    data[key] = "on"
            elif getattr(widget, "allow_multiple_selected", False):
                data[key] = [str(item) for item in value or []]
            else:
                data[key] = "" if value is None else str(value)
    data.update(overrides)
    return data


def next_weekday(weekday, after=None):
    day = after or date.today()
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def last_workday_of_next_month():
    today = date.today()
    day = date(today.year + (today.month + 1) // 12, (today.month + 1) % 12 + 1, 1) - timedelta(days=1)
    while day.weekday() > 4:
        day -= timedelta(days=1)
    return day


def last_weekday_of_month(year, month, weekday):
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    while day.weekday() != weekday:
        day -= timedelta(days=1)
    return day


def new_series_data(response, beseda, seniors, **overrides):
    return form_data(response, **{
        "title": "Oldies Goldies", "slug": "oldies-goldies", "kind": Kind.DANCE, "venue": str(beseda.pk),
        "audiences": [str(seniors.pk)], "starts_on": next_weekday(2).isoformat(), "start_time": "18:00",
        "duration_hours": "3", "duration_minutes": "0", "capacity": "40", **overrides,
    })


def post_new_series(client, beseda, seniors, **overrides):
    page = client.get(ADD_URL)
    return client.post(ADD_URL, new_series_data(page, beseda, seniors, **overrides))


def refused(response):
    """The form came back with errors and nothing was saved."""
    assert response.status_code == 200, response.status_code
    context = response.context
    errors = context["adminform"].form.errors
    inline_errors = {
        inline.formset.prefix: [form.errors for form in inline.formset.forms]
        for inline in context["inline_admin_formsets"]
    }
    assert errors or any(any(form_errors) for form_errors in inline_errors.values())
    return errors, inline_errors


@pytest.fixture
def announced(monkeypatch):
    """The changes of dates announced to the apps above (registrations), as (date id, change)."""
    calls = []
    monkeypatch.setattr(services, "announce_change", lambda occurrence, change: calls.append((occurrence.pk, change)))
    return calls


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- Creating a series with the schedule in words -------------------------------------------


def test_staff_creates_a_weekly_series_and_its_dates_appear(staff_client, beseda, seniors):
    response = post_new_series(staff_client, beseda, seniors, repeats="weekly", weekdays=["WE"])

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    series = Series.objects.get(slug="oldies-goldies")
    assert series.recurrence == "FREQ=WEEKLY;BYDAY=WE"
    assert series.duration == timedelta(hours=3)
    dates = list(series.occurrences.all())
    assert len(dates) > 50  # a year and a bit of Wednesdays
    assert {to_local(d.start).weekday() for d in dates} == {2}
    assert {to_local(d.start).time() for d in dates} == {time(18, 0)}
    assert dates[0].capacity == 40


def test_monthly_on_the_last_friday(staff_client, beseda, seniors):
    today = date.today()
    first = last_weekday_of_month(today.year, today.month % 12 + 1, 4)
    response = post_new_series(
        staff_client, beseda, seniors, repeats="monthly", monthly_mode="weekday", week_of_month="-1",
        weekday_of_month="FR", starts_on=first.isoformat(),
    )

    assert response.status_code == 302
    series = Series.objects.get()
    assert series.recurrence == "FREQ=MONTHLY;BYDAY=-1FR"
    for occurrence in series.occurrences.all():
        day = to_local(occurrence.start).date()
        assert day.weekday() == 4 and (day + timedelta(days=7)).month != day.month


def test_every_two_weeks_on_monday_and_thursday_six_times(staff_client, beseda, seniors):
    response = post_new_series(
        staff_client, beseda, seniors, repeats="weekly", interval="2", weekdays=["TH", "MO"], ends="count",
        count="6", starts_on=next_weekday(0).isoformat(),
    )

    assert response.status_code == 302
    series = Series.objects.get()
    assert split_rule(series.recurrence) == {"FREQ": "WEEKLY", "INTERVAL": "2", "BYDAY": "MO,TH", "COUNT": "6"}
    days = [to_local(o.start).date() for o in series.occurrences.all()]
    monday = next_weekday(0)
    assert days == [monday + timedelta(days=offset) for offset in (0, 3, 14, 17, 28, 31)]


def test_yearly_in_march_and_september_on_the_fifteenth_until_a_day(staff_client, beseda, seniors):
    today = date.today()
    first = date(today.year + 1, 3, 15)
    response = post_new_series(
        staff_client, beseda, seniors, repeats="yearly", months=["3", "9"], monthly_mode="day",
        month_day="15", ends="until", until=date(today.year + 3, 3, 15).isoformat(), starts_on=first.isoformat(),
    )

    assert response.status_code == 302
    series = Series.objects.get()
    parts = split_rule(series.recurrence)
    assert (parts["FREQ"], parts["BYMONTH"], parts["BYMONTHDAY"]) == ("YEARLY", "3,9", "15")
    assert "UNTIL" in parts
    # The rule is read back into the same choices, with the same last day.
    assert rule_to_choices(series.recurrence, series.starts_on, series.start_time)["until"] == date(
        today.year + 3, 3, 15
    )


def test_a_first_date_off_the_rule_moves_to_the_first_date_that_fits(staff_client, beseda, seniors):
    monday = next_weekday(0)
    response = post_new_series(
        staff_client, beseda, seniors, repeats="weekly", weekdays=["WE"], starts_on=monday.isoformat(),
    )

    assert response.status_code == 302
    series = Series.objects.get()
    assert series.starts_on == monday + timedelta(days=2)
    assert to_local(series.occurrences.first().start).date() == monday + timedelta(days=2)
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(f"{series.starts_on.day}. {series.starts_on.month}. {series.starts_on.year}" in n for n in notices)


def test_a_one_off_event(staff_client, beseda, seniors):
    day = date.today() + timedelta(days=20)
    response = post_new_series(staff_client, beseda, seniors, repeats="once", starts_on=day.isoformat())

    assert response.status_code == 302
    series = Series.objects.get()
    assert series.recurrence == ""
    assert [to_local(o.start) for o in series.occurrences.all()] == [datetime.combine(day, time(18, 0))]


# --- Schedules that are refused -------------------------------------------------------------


@pytest.mark.parametrize(
    "schedule",
    [
        pytest.param({"repeats": "weekly", "duration_hours": "0", "duration_minutes": "0"}, id="zero duration"),
        pytest.param({"repeats": "weekly", "duration_hours": "", "duration_minutes": ""}, id="no duration"),
        pytest.param({"repeats": "once", "duration_hours": "400"}, id="longer than 14 days"),
        pytest.param({"repeats": "daily", "duration_hours": "24"}, id="daily dates that overlap"),
        pytest.param({"repeats": "weekly", "interval": "0"}, id="interval zero"),
        pytest.param({"repeats": "weekly", "interval": "1000"}, id="interval absurd"),
        pytest.param({"repeats": "weekly", "ends": "count", "count": "5000"}, id="count absurd"),
        pytest.param({"repeats": "weekly", "ends": "count", "count": ""}, id="count missing"),
        pytest.param({"repeats": "weekly", "ends": "until", "until": ""}, id="last day missing"),
        pytest.param({"repeats": "weekly", "ends": "until", "until": "2001-01-01"}, id="last day before first"),
        pytest.param(
            {"repeats": "yearly", "months": ["2"], "monthly_mode": "day", "month_day": "30"}, id="30 February"
        ),
        pytest.param({"repeats": "monthly", "monthly_mode": "day", "month_day": "32"}, id="day 32"),
        pytest.param({"repeats": "weekly", "weekdays": ["XX"]}, id="unknown weekday"),
        pytest.param({"repeats": "hourly"}, id="unknown repetition"),
        pytest.param({"repeats": "advanced"}, id="advanced without a kept rule"),
    ],
)
def test_an_impossible_schedule_is_refused_and_nothing_is_saved(staff_client, beseda, seniors, schedule):
    response = post_new_series(staff_client, beseda, seniors, **schedule)

    refused(response)
    assert not Series.objects.exists()
    assert not Occurrence.objects.exists()


def test_zero_duration_is_explained_above_the_form(staff_client, beseda, seniors):
    response = post_new_series(staff_client, beseda, seniors, duration_hours="0", duration_minutes="0")

    errors, _inline = refused(response)
    assert errors.get("__all__")
    assert b"errornote" in response.content


def test_a_time_that_does_not_exist_in_prague_is_refused(staff_client, beseda, seniors):
    # 28 March 2027, the last Sunday of March: the clocks jump from 02:00 to 03:00.
    response = post_new_series(
        staff_client, beseda, seniors, repeats="once", starts_on="2027-03-28", start_time="02:30"
    )

    errors, _inline = refused(response)
    assert "28. 03. 2027 02:30" in str(errors)
    assert not Series.objects.exists()


# --- Editing: the stored rule comes back as choices -------------------------------------------


def test_editing_shows_the_stored_rule_as_choices(staff_client, nedam_se):
    response = staff_client.get(change_url(nedam_se))

    form = response.context["adminform"].form
    assert (form["repeats"].value(), form["monthly_mode"].value()) == ("monthly", "weekday")
    assert (form["week_of_month"].value(), form["weekday_of_month"].value()) == (-1, "TU")
    assert (form["duration_hours"].value(), form["duration_minutes"].value()) == (2, 0)
    assert "advanced_rule" not in response.content.decode()


def test_saving_without_changes_keeps_the_rule_and_the_dates(staff_client, oldies_goldies):
    before = list(oldies_goldies.occurrences.values_list("pk", "start"))
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page))

    assert response.status_code == 302
    oldies_goldies.refresh_from_db()
    assert oldies_goldies.recurrence == "FREQ=WEEKLY;BYDAY=WE"
    assert list(oldies_goldies.occurrences.values_list("pk", "start")) == before


def test_changing_the_weekday_regenerates_the_dates(staff_client, oldies_goldies):
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, weekdays=["TH"]))

    assert response.status_code == 302
    oldies_goldies.refresh_from_db()
    assert oldies_goldies.recurrence == "FREQ=WEEKLY;BYDAY=TH"
    assert {to_local(o.start).weekday() for o in oldies_goldies.occurrences.all()} == {3}


def test_an_advanced_rule_is_kept_as_it_is(staff_client, make_series):
    last_workday = last_workday_of_next_month()
    rule = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    series = make_series("Šikovné ruce", rule=rule, starts_on=last_workday, kind=Kind.WORKSHOP)
    page = staff_client.get(change_url(series))
    form = page.context["adminform"].form
    assert form["repeats"].value() == "advanced"
    assert form["advanced_rule"].value() == series.recurrence
    assert series.recurrence in page.content.decode()

    # Even a browser that sends another rule in the read-only field cannot change it.
    data = form_data(page, title="Šikovné ruce II", advanced_rule="FREQ=DAILY", start_time="17:00")
    response = staff_client.post(change_url(series), data)

    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.title, series.recurrence, series.start_time) == ("Šikovné ruce II", rule, time(17, 0))
    assert {to_local(o.start).time() for o in series.occurrences.all()} == {time(17, 0)}


def test_an_advanced_rule_is_replaced_only_by_choosing_another_repetition(staff_client, make_series):
    last_workday = last_workday_of_next_month()
    series = make_series(
        "Šikovné ruce", rule="FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", starts_on=last_workday,
    )
    page = staff_client.get(change_url(series))

    response = staff_client.post(change_url(series), form_data(page, repeats="weekly", weekdays=["FR"]))

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.recurrence == "FREQ=WEEKLY;BYDAY=FR"


@pytest.mark.parametrize(
    ("rule", "starts_on", "expected"),
    [
        ("", date(2026, 12, 2), {"repeats": "once"}),
        ("FREQ=WEEKLY", date(2026, 12, 2), {"repeats": "weekly", "weekdays": ["WE"]}),
        ("FREQ=MONTHLY", date(2026, 12, 15), {"repeats": "monthly", "monthly_mode": "day", "month_day": 15}),
        ("FREQ=YEARLY", date(2026, 12, 24), {"repeats": "yearly", "months": [12], "month_day": 24}),
        ("FREQ=MONTHLY;BYDAY=2TH", date(2026, 12, 10), {"week_of_month": 2, "weekday_of_month": "TH"}),
        ("FREQ=DAILY;INTERVAL=3;COUNT=4", date(2026, 12, 2), {"interval": 3, "ends": "count", "count": 4}),
        # UNTIL at 17:00 UTC is 18:00 in Prague: the 18:00 date that day is still in.
        ("FREQ=WEEKLY;BYDAY=WE;UNTIL=20270127T170000Z", date(2026, 12, 2), {"until": date(2027, 1, 27)}),
        ("FREQ=WEEKLY;BYDAY=WE;UNTIL=20270127T165959Z", date(2026, 12, 2), {"until": date(2027, 1, 26)}),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", date(2026, 12, 31), None),
        ("FREQ=MONTHLY;BYDAY=1MO,3MO", date(2026, 12, 7), None),
        ("FREQ=YEARLY;BYDAY=1MO", date(2027, 1, 4), None),
        ("FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,MO", date(2026, 12, 6), None),
        ("FREQ=DAILY;BYDAY=MO,TU", date(2026, 12, 7), None),
    ],
)
def test_reading_a_stored_rule_into_choices(rule, starts_on, expected):
    choices = rule_to_choices(rule, starts_on, time(18, 0))

    if expected is None:
        assert choices is None
    else:
        assert expected.items() <= choices.items()


def test_the_changelist_describes_each_repetition(staff_client, oldies_goldies, nedam_se):
    response = staff_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert describe_rule("FREQ=WEEKLY;BYDAY=WE", oldies_goldies.starts_on, time(18, 0)) in response.content.decode()


def test_the_changelist_filters_and_searches(staff_client, oldies_goldies, nedam_se):
    by_kind = staff_client.get(CHANGELIST_URL, {"kind__exact": Kind.WORKSHOP})
    by_title = staff_client.get(CHANGELIST_URL, {"q": "oldies"})

    assert list(by_kind.context["cl"].result_list) == [nedam_se]
    assert list(by_title.context["cl"].result_list) == [oldies_goldies]


def test_the_changelist_takes_as_many_queries_for_many_series_as_for_one(staff_client, make_series):
    make_series("Oldies Goldies")

    with_one = count_queries(staff_client, CHANGELIST_URL)
    for number in range(5):
        make_series(f"Nedám se! {number}")
    assert count_queries(staff_client, CHANGELIST_URL) == with_one


# --- Preview of the next dates --------------------------------------------------------------


def test_the_change_form_previews_the_next_dates_of_the_saved_rule(staff_client, oldies_goldies):
    response = staff_client.get(change_url(oldies_goldies))

    content = response.content.decode()
    first = oldies_goldies.starts_on
    for week in range(10):
        day = first + timedelta(weeks=week)
        assert f"{day.day}. {day.month}. {day.year} 18:00" in content
    day = first + timedelta(weeks=10)
    assert f"{day.day}. {day.month}. {day.year} 18:00" not in content.split('id="dates-note"')[0]


def test_show_preview_shows_unsaved_values_and_saves_nothing(staff_client, oldies_goldies):
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(
        change_url(oldies_goldies), form_data(page, weekdays=["TH"], start_time="17:30", _preview="1")
    )

    assert response.status_code == 200
    preview = response.context["schedule_preview"]
    thursday = oldies_goldies.starts_on + timedelta(days=1)
    assert len(preview) == 10
    assert preview[0].endswith(f"{thursday.day}. {thursday.month}. {thursday.year} 17:30")
    assert b"errornote" not in response.content
    oldies_goldies.refresh_from_db()
    assert (oldies_goldies.recurrence, oldies_goldies.start_time) == ("FREQ=WEEKLY;BYDAY=WE", time(18, 0))
    assert {to_local(o.start).weekday() for o in oldies_goldies.occurrences.all()} == {2}


def test_preview_works_on_the_add_form_too(staff_client, beseda, seniors):
    page = staff_client.get(ADD_URL)
    data = new_series_data(page, beseda, seniors, repeats="weekly", weekdays=["WE"], _preview="1")

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert len(response.context["schedule_preview"]) == 10
    assert not Series.objects.exists()


def test_preview_of_an_impossible_schedule_shows_the_error(staff_client, oldies_goldies):
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, duration_hours="0", _preview="1"))

    refused(response)
    assert response.context.get("schedule_preview") is None


# --- The dates of a series ----------------------------------------------------------------


def inline_prefix(page):
    for inline in page.context["inline_admin_formsets"]:
        if inline.formset.model is Occurrence:
            return inline.formset.prefix
    raise AssertionError("no dates on the page")


def test_the_dates_table_shows_only_the_next_dates(staff_client, oldies_goldies):
    page = staff_client.get(change_url(oldies_goldies))

    prefix = inline_prefix(page)
    shown = [form.instance for form in page.context["inline_admin_formsets"][1].formset.forms]
    upcoming = list(oldies_goldies.occurrences.upcoming().order_by("start"))
    assert prefix == "occurrences"
    assert shown == upcoming[:20]
    assert len(upcoming) > 50


def test_cancelling_a_date_in_the_table(staff_client, oldies_goldies, announced):
    occurrence = oldies_goldies.occurrences.order_by("start")[1]
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{
        "occurrences-1-status": "cancelled", "occurrences-1-status_note": "Sál je v opravě.",
    }))

    assert response.status_code == 302
    occurrence_after = Occurrence.objects.get(pk=occurrence.pk)
    assert occurrence_after.status == Occurrence.Status.CANCELLED
    assert occurrence_after.status_note == "Sál je v opravě."
    assert occurrence_after.sequence > occurrence.sequence
    assert not occurrence_after.modified
    # The other dates are untouched and still scheduled.
    assert oldies_goldies.occurrences.filter(status=Occurrence.Status.CANCELLED).count() == 1
    assert announced == [(occurrence.pk, "cancelled")]


def test_moving_a_date_with_an_empty_end_keeps_its_length_and_marks_it_changed(
    staff_client, oldies_goldies, announced
):
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    new_day = to_local(occurrence.start).date() + timedelta(days=1)
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{
        "occurrences-0-start": f"{new_day.isoformat()}T17:00", "occurrences-0-end": "",
    }))

    assert response.status_code == 302
    moved = Occurrence.objects.get(pk=occurrence.pk)
    assert to_local(moved.start) == datetime.combine(new_day, time(17, 0))
    assert moved.end - moved.start == timedelta(hours=3)
    assert moved.modified and moved.sequence > occurrence.sequence
    assert moved.recurrence_id == occurrence.recurrence_id  # still the same date of the rule
    assert announced == [(occurrence.pk, "moved")]


def test_a_date_cannot_end_before_it_starts(staff_client, oldies_goldies):
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    day = to_local(occurrence.start).date().isoformat()
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{
        "occurrences-0-start": f"{day}T18:00", "occurrences-0-end": f"{day}T17:00",
    }))

    refused(response)
    assert Occurrence.objects.get(pk=occurrence.pk).end == occurrence.end


@pytest.mark.parametrize(
    "day", [pytest.param("2027-03-28", id="clocks jump forward"), pytest.param("2027-10-31", id="clocks go back")]
)
def test_moving_a_date_to_a_time_that_does_not_exist_or_happens_twice_is_refused(staff_client, make_series, day):
    series = make_series("Oldies Goldies", rule="FREQ=WEEKLY;BYDAY=SU", starts_on=next_weekday(6))
    occurrence = series.occurrences.order_by("start")[0]
    page = staff_client.get(change_url(series))

    response = staff_client.post(change_url(series), form_data(page, **{
        "occurrences-0-start": f"{day}T02:30", "occurrences-0-end": f"{day}T05:30",
    }))

    _errors, inline_errors = refused(response)
    assert "start" in inline_errors["occurrences"][0]
    after = Occurrence.objects.get(pk=occurrence.pk)
    assert (after.start, after.end, after.modified) == (occurrence.start, occurrence.end, False)


def test_another_venue_for_one_date(staff_client, oldies_goldies):
    from events.models import Venue

    other = Venue.objects.create(name="Centrum Totem", slug="totem", street="Kopeckého sady 11")
    occurrence = oldies_goldies.occurrences.order_by("start")[2]
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{"occurrences-2-venue": str(other.pk)}))

    assert response.status_code == 302
    after = Occurrence.objects.get(pk=occurrence.pk)
    assert (after.place, after.modified) == (other, True)


def test_own_number_of_places_for_one_date(staff_client, oldies_goldies, announced):
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{"occurrences-0-capacity": "60"}))

    assert response.status_code == 302
    after = Occurrence.objects.get(pk=occurrence.pk)
    assert (after.capacity, after.capacity_overridden, after.modified) == (60, True, False)
    assert after.sequence == occurrence.sequence  # calendars do not show places: nothing for them to update
    assert announced == [(occurrence.pk, "capacity")]  # the waiting list can move up
    # The series' own number does not overwrite it on the next regeneration.
    assert Occurrence.objects.get(pk=oldies_goldies.occurrences.order_by("start")[1].pk).capacity == 40


def test_fewer_places_are_not_announced(staff_client, oldies_goldies, announced):
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{"occurrences-0-capacity": "30"}))

    assert response.status_code == 302
    assert announced == []


def test_places_cannot_drop_below_the_places_taken(staff_client, oldies_goldies):
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=12)
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{"occurrences-0-capacity": "10"}))

    _errors, inline_errors = refused(response)
    assert "12" in str(inline_errors["occurrences"][0]["capacity"])
    after = Occurrence.objects.get(pk=occurrence.pk)
    assert (after.capacity, after.capacity_overridden, after.seats_taken) == (40, False, 12)


def someone_registers_while_saving(monkeypatch, occurrence, *, seats):
    """Take places right after the admin form has checked them, as a concurrent registration would."""
    checked_places = OccurrenceAdminForm._places_taken_now

    def check_then_register(form):
        taken = checked_places(form)
        Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=seats)
        return taken

    monkeypatch.setattr(OccurrenceAdminForm, "_places_taken_now", check_then_register)


def test_saving_a_date_never_writes_back_the_places_taken(staff_client, oldies_goldies, monkeypatch):
    """A registration can land after the admin loaded the date; saving must not undo it."""
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    page = staff_client.get(change_url(oldies_goldies))
    someone_registers_while_saving(monkeypatch, occurrence, seats=7)

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{"occurrences-0-capacity": "50"}))

    assert response.status_code == 302
    after = Occurrence.objects.get(pk=occurrence.pk)
    assert (after.capacity, after.seats_taken) == (50, 7)


def test_an_excluded_date_removes_that_date(staff_client, oldies_goldies):
    holiday = to_local(oldies_goldies.occurrences.order_by("start")[3].start).date()
    page = staff_client.get(change_url(oldies_goldies))

    response = staff_client.post(change_url(oldies_goldies), form_data(page, **{
        "excluded_dates-0-date": holiday.isoformat(), "excluded_dates-0-reason": "Svátek",
    }))

    assert response.status_code == 302
    assert holiday not in {to_local(o.start).date() for o in oldies_goldies.occurrences.all()}


def test_the_list_of_all_dates_of_a_series(staff_client, oldies_goldies, nedam_se):
    page = staff_client.get(change_url(oldies_goldies))
    url = page.context["all_dates_url"]

    response = staff_client.get(url)

    assert response.status_code == 200
    listed = list(response.context["cl"].queryset)
    assert listed and {o.series_id for o in listed} == {oldies_goldies.pk}


# --- Organizers reach only their own series -------------------------------------------------


def test_an_organizer_sees_only_their_own_series(client, organizer_a, oldies_goldies, nedam_se):
    client.force_login(organizer_a)

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [oldies_goldies]


def test_an_organizer_gets_no_form_for_someone_elses_series(client, organizer_a, oldies_goldies, nedam_se):
    client.force_login(organizer_a)

    response = client.get(change_url(nedam_se))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    page = client.get(change_url(nedam_se), follow=True)
    assert "adminform" not in page.context


def test_an_organizer_cannot_change_someone_elses_series_by_posting(client, organizer_a, organizer_b,
                                                                    oldies_goldies, nedam_se, staff):
    client.force_login(staff)
    data = form_data(client.get(change_url(nedam_se)), title="Převzato", organizers=[str(organizer_a.pk)])
    client.force_login(organizer_a)

    response = client.post(change_url(nedam_se), data)

    assert response.status_code == 302
    nedam_se.refresh_from_db()
    assert nedam_se.title == "Nedám se!"
    assert list(nedam_se.organizers.all()) == [organizer_b]


def test_an_organizer_edits_their_own_series_but_not_who_organizes_it(client, organizer_a, organizer_b,
                                                                      oldies_goldies):
    client.force_login(organizer_a)
    page = client.get(change_url(oldies_goldies))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "organizers" not in form.fields and "published" not in form.fields

    data = form_data(page, title="Oldies Goldies — taneční odpoledne", organizers=[str(organizer_b.pk)],
                     published="")
    response = client.post(change_url(oldies_goldies), data)

    assert response.status_code == 302
    oldies_goldies.refresh_from_db()
    assert oldies_goldies.title == "Oldies Goldies — taneční odpoledne"
    assert list(oldies_goldies.organizers.all()) == [organizer_a]
    assert oldies_goldies.published


def test_an_organizer_cancels_a_date_of_their_own_series(client, organizer_a, oldies_goldies):
    client.force_login(organizer_a)
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    page = client.get(change_url(oldies_goldies))

    response = client.post(change_url(oldies_goldies), form_data(page, **{"occurrences-0-status": "cancelled"}))

    assert response.status_code == 302
    assert Occurrence.objects.get(pk=occurrence.pk).is_cancelled


def test_an_organizer_cannot_add_series(client, organizer_a):
    client.force_login(organizer_a)

    assert client.get(ADD_URL).status_code == 403


def test_an_organizer_sees_only_the_dates_of_their_own_series(client, organizer_a, oldies_goldies, nedam_se):
    client.force_login(organizer_a)
    other_date = nedam_se.occurrences.first()

    listed = client.get(reverse("admin:events_occurrence_changelist"))
    other = client.get(reverse("admin:events_occurrence_change", args=[other_date.pk]))

    assert {o.series_id for o in listed.context["cl"].queryset} == {oldies_goldies.pk}
    assert other.status_code == 302 and other.url == reverse("admin:index")


def test_the_date_page_saves_changes_without_touching_places_taken(staff_client, oldies_goldies, monkeypatch):
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    url = reverse("admin:events_occurrence_change", args=[occurrence.pk])
    page = staff_client.get(url)
    someone_registers_while_saving(monkeypatch, occurrence, seats=5)

    response = staff_client.post(url, form_data(page, status="cancelled", status_note="Nemoc lektora", capacity="30"))

    assert response.status_code == 302
    after = Occurrence.objects.get(pk=occurrence.pk)
    assert (after.status, after.capacity, after.seats_taken) == ("cancelled", 30, 5)
    assert after.sequence == occurrence.sequence + 1


def test_the_form_checks_the_schedule_through_the_service_on_its_own(db, beseda):
    """The form is usable without the admin: a one-off on the day the clocks go back, at 02:30."""
    form = SeriesAdminForm(data={
        "title": "Senioři baví seniory", "slug": "seniori-bavi-seniory", "kind": Kind.FESTIVAL,
        "venue": beseda.pk, "starts_on": "2027-10-31", "start_time": "02:30", "duration_hours": "2",
        "repeats": "once", "ends": "never", "max_seats_per_registration": "2",
        "registration_opens_days_before": "30", "registration_closes_hours_before": "2",
    })

    assert not form.is_valid()
    assert "31. 10. 2027 02:30" in str(form.errors["start_time"])  # beside the field to change


# --- Venues and audiences -------------------------------------------------------------------


def test_staff_manage_venues_and_audiences(staff_client, beseda, seniors):
    venues = staff_client.get(reverse("admin:events_venue_changelist"), {"q": "beseda"})
    audiences = staff_client.get(reverse("admin:events_audience_changelist"))

    assert list(venues.context["cl"].result_list) == [beseda]
    assert "Kopeckého sady 13, 301 00 Plzeň" in venues.content.decode()
    assert list(audiences.context["cl"].result_list) == [seniors]
    assert staff_client.get(reverse("admin:events_venue_add")).status_code == 200


def test_an_organizer_may_look_up_venues_but_not_add_them(client, organizer_a, beseda):
    client.force_login(organizer_a)

    assert client.get(reverse("admin:events_venue_changelist")).status_code == 200
    assert client.get(reverse("admin:events_venue_add")).status_code == 403
