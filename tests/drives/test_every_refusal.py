"""Each refusal of a drive's services: its code, its status, its Czech words, and nothing changed.

test_refusals.py shows how the pages and the API meet some of them; this file pins every one
drives.services can raise (the first test reads their codes from the source, so a new refusal cannot
go untested), and each limit from both sides at its exact instant or value, so that `<` turned into
`<=`, or a limit moved by one, goes red. At the end: who manages what (drives.roles), across two
drives and two organizers, and the drive's calendar that asks the same rules.
"""

import ast
import inspect
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from api.refusal_codes import refusal_codes
from drives import roles, services
from drives.models import (
    Distribution,
    Donation,
    Drive,
    HistoryEntry,
    Need,
    OpeningException,
    OpeningHours,
    Pledge,
    Unit,
    Weekday,
)
from events.models import ExcludedDate, Series
from events.recurrence import PRAGUE

from .conftest import CLOTHES, czech, in_czech, need_of, point_at

pytestmark = pytest.mark.django_db

# models.MAX_QUANTITY's and services' limits, written again here: a changed limit is then a decision
# someone makes in two places, not a slip of one digit that every test follows.
MOST_PIECES = 5_000
MOST_HOUSEHOLDS, MOST_PEOPLE, MOST_ITEMS = 2_000, 10_000, 50_000


def cs(message, **values):
    """The Czech words of a msgid; a message nobody translated fails here instead of passing in English."""
    text = czech(message)
    assert text != message, f"no Czech for {message!r}"
    return text % values if values else text


def everything():
    """Every row a refusal could have touched, as its values, so a half-done change shows too."""
    return (
        list(Drive.objects.order_by("pk").values_list("status", "closed_at", "hands_out")),
        list(Need.objects.order_by("pk").values_list("received", "pledged")),
        list(Donation.objects.order_by("pk").values_list(
            "need", "point", "quantity", "donor_name", "received_at", "pledge", "voided_at", "void_reason")),
        list(Pledge.objects.order_by("pk").values_list("need", "point", "quantity", "name", "note", "status")),
        list(Distribution.objects.order_by("pk").values_list(
            "handed_out_on", "households", "people", "items", "need", "point", "note", "voided_at", "void_reason")),
        list(OpeningHours.objects.order_by("pk").values_list("point", "weekday", "opens", "closes")),
        list(OpeningException.objects.order_by("pk").values_list("point", "date", "closed", "opens", "closes",
                                                                 "note")),
        list(Series.objects.order_by("pk").values_list("pk", "published", "updated_at")),
        ExcludedDate.objects.count(), HistoryEntry.objects.count(),
    )


def refused(call):
    """(code, status, message) of the refusal `call` meets, once it is clear that it changed nothing."""
    before = everything()
    with pytest.raises(services.DrivesError) as caught:
        call()
    assert everything() == before
    return caught.value.code, caught.value.status, caught.value.message


def prague(day, hour=12, minute=0, second=0):
    """A moment on Prague's clock."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=PRAGUE)


def day_text(day):
    """A date as the refusals write it (date_format "j. n. Y")."""
    return f"{day.day}. {day.month}. {day.year}"


def last_sunday(year, month):
    """The Sunday the clocks change in Prague: the last of March or of October."""
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@pytest.fixture
def noon(uklid_satnik):
    """Noon of the fixtures' today (the drive began ten days before it), read from the drive, so no
    midnight passes between building the rows and judging them."""
    return prague(uklid_satnik.starts_on + timedelta(days=10))


@pytest.fixture
def school(make_drive, uklid_satnik, martinska, organizer_a):
    """Školní pomůcky, which hands school bags out to families, on the dates of Ukliď šatník!."""
    return make_drive("Školní pomůcky", slug="skolni-pomucky", hands_out=True, organizers=[organizer_a],
                      needs=[("Aktovky", Unit.PIECE, 100, Need.Priority.URGENT)],
                      starts_on=uklid_satnik.starts_on, ends_on=uklid_satnik.ends_on,
                      points={martinska: [(Weekday.MONDAY, time(8, 0), time(12, 0))]})


@pytest.fixture
def rows(uklid_satnik, school, martinska, staff, noon):
    """At the Magistrát point of Ukliď šatník!: 2 coats logged, 3 coats promised (no point named);
    and one hand-out of Školní pomůcky (2 households, 5 people, 3 bags)."""
    coats = need_of(uklid_satnik, "Zimní bundy")
    point = point_at(uklid_satnik, martinska)
    return SimpleNamespace(
        drive=uklid_satnik, coats=coats, point=point, staff=staff, noon=noon, school=school,
        donation=services.log_donation(coats, point=point, quantity=2, by=staff, now=noon),
        pledge=services.make_pledge(coats, quantity=3, now=noon),
        distribution=services.record_distribution(school, by=staff, households=2, people=5, items=3, now=noon),
    )


@pytest.fixture
def elsewhere(nebudme_lhostejni, martinska):
    """The Magistrát point of the other drive: the same venue, another drive's row."""
    return point_at(nebudme_lhostejni, martinska)


def log(rows, **changes):
    details = {"point": rows.point, "quantity": 1, "by": rows.staff, "now": rows.noon, **changes}
    return services.log_donation(details.pop("need", rows.coats), **details)


def hand_out(rows, **changes):
    details = {"by": rows.staff, "now": rows.noon, **changes}
    return services.record_distribution(details.pop("drive", rows.school), **details)


def pinned_here():
    """{code: status} of every (code, status, message) this file expects."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    return {
        node.elts[0].value: node.elts[1].value for node in ast.walk(tree)
        if isinstance(node, ast.Tuple) and len(node.elts) == 3 and all(isinstance(e, ast.Constant)
                                                                       for e in node.elts[:2])
        and isinstance(node.elts[0].value, str) and isinstance(node.elts[1].value, int)
    }


@pytest.mark.skipif("mutants" in Path(services.__file__).parts,
                    reason="mutmut's copy of the services turns every function into a trampoline the reader "
                           "cannot follow; the guard runs on the real sources")
def test_every_refusal_the_services_can_raise_is_pinned_here_with_its_status():
    public = [function for name, function in inspect.getmembers(services, inspect.isfunction)
              if function.__module__ == services.__name__ and not name.startswith("_")]
    codes = refusal_codes(*public)
    # sync_drive_series' own refusal never leaves the services: services._sync answers it as invalid_hours.
    del codes["invalid_schedule"]
    # The reader does not look into the `change` that a function hands to services._change_hours.
    codes.update({"hours_overlap": 400, "outside_drive": 400})

    assert pinned_here() == codes


def test_who_manages_what_is_answered_with_not_found_never_with_a_refusal():
    getters = [function for _name, function in inspect.getmembers(roles, inspect.isfunction)
               if function.__module__ == roles.__name__]
    assert refusal_codes(*getters) == {}


# --- Text a person types ------------------------------------------------------------------------


TEXTS = {
    # what is typed: (the field's name in the refusal, the column it is kept in, writing `text` there)
    "a pledge's name": ("The name", Pledge, "name",
                        lambda rows, text: services.make_pledge(rows.coats, quantity=1, name=text, now=rows.noon)),
    "a pledge's note": ("The note", Pledge, "note",
                        lambda rows, text: services.make_pledge(rows.coats, quantity=1, note=text, now=rows.noon)),
    "the donor's name": ("The donor's name", Donation, "donor_name", lambda rows, text: log(rows, donor_name=text)),
    "a corrected donor's name": ("The donor's name", Donation, "donor_name", lambda rows, text: (
        services.correct_donation(rows.donation, by=rows.staff, donor_name=text, now=rows.noon))),
    "why a donation is voided": ("The reason", Donation, "void_reason", lambda rows, text: (
        services.void_donation(rows.donation, by=rows.staff, reason=text, now=rows.noon))),
    "a hand-out's note": ("The note", Distribution, "note", lambda rows, text: hand_out(rows, items=1, note=text)),
    "a corrected hand-out's note": ("The note", Distribution, "note", lambda rows, text: (
        services.correct_distribution(rows.distribution, by=rows.staff, households=2, people=5, items=3,
                                      note=text, now=rows.noon))),
    "why a hand-out is voided": ("The reason", Distribution, "void_reason", lambda rows, text: (
        services.void_distribution(rows.distribution, by=rows.staff, reason=text, now=rows.noon))),
    "a closed day's note": ("The note", OpeningException, "note", lambda rows, text: (
        services.set_exception(rows.point, day=rows.noon.date(), note=text, by=rows.staff, now=rows.noon))),
}


@pytest.mark.parametrize("typed", TEXTS)
def test_text_with_a_character_that_cannot_be_stored_is_refused_and_named_by_its_field(rows, typed):
    field, _model, _column, write = TEXTS[typed]

    for text in ("Jana\x00", "Jana\x1b[2J", "Jana\ud800"):
        assert refused(lambda text=text: write(rows, text)) == (
            "invalid_text", 400, cs("%(field)s contains characters that cannot be stored.", field=cs(field)))


@pytest.mark.parametrize("typed", TEXTS)
def test_text_as_long_as_its_column_is_kept_and_one_character_more_is_refused(rows, typed):
    field, model, column, write = TEXTS[typed]
    longest = model._meta.get_field(column).max_length

    assert refused(lambda: write(rows, "x" * (longest + 1))) == (
        "text_too_long", 400, cs("%(field)s is too long: at most %(limit)s characters.", field=cs(field),
                                 limit=longest))
    # Spaces are collapsed before counting, so the longest text may arrive padded.
    write(rows, f"  {'x' * (longest - 2)}   y ")
    assert model.objects.filter(**{column: "x" * (longest - 2) + " y"}).exists()


# --- Quantities ---------------------------------------------------------------------------------


QUANTITIES = {
    "logged": lambda rows, quantity: log(rows, quantity=quantity),
    "pledged": lambda rows, quantity: services.make_pledge(rows.coats, quantity=quantity, now=rows.noon),
    "corrected": lambda rows, quantity: services.correct_donation(rows.donation, by=rows.staff, quantity=quantity,
                                                                  now=rows.noon),
    "received from a pledge": lambda rows, quantity: services.receive_pledge(
        rows.pledge, by=rows.staff, point=rows.point, quantity=quantity, now=rows.noon),
}


@pytest.mark.parametrize("where", QUANTITIES)
def test_a_quantity_is_a_whole_number_from_one_to_the_unit_s_most(rows, where):
    write = QUANTITIES[where]

    for typed in ("3", 2.5, True):
        assert refused(lambda typed=typed: write(rows, typed)) == (
            "invalid_quantity", 400, cs("Write the quantity as a whole number, for example 3."))
    for typed in (0, -1):
        assert refused(lambda typed=typed: write(rows, typed)) == (
            "invalid_quantity", 400, cs("The quantity must be at least 1."))
    assert refused(lambda: write(rows, MOST_PIECES + 1)) == (
        "quantity_too_large", 400,
        cs("%(quantity)s is more than one entry can hold (at most %(limit)s). Check the number, please.",
           quantity=in_czech(rows.coats.amount, MOST_PIECES + 1), limit=in_czech(rows.coats.amount, MOST_PIECES)))

    assert write(rows, MOST_PIECES).quantity == MOST_PIECES


def test_one_is_the_smallest_quantity_logged_pledged_corrected_or_received(rows):
    for write in QUANTITIES.values():
        assert write(rows, 1).quantity == 1


# --- Collecting: a drive that does not run, another drive's rows, a point that does not take it ----


def test_nothing_is_logged_at_a_drive_that_has_not_started(make_drive, martinska, staff):
    drive = make_drive(status=Drive.Status.PREPARED, needs=[("Boty", Unit.PAIR, 10, 1)],
                       points={martinska: [(Weekday.MONDAY, time(8, 0), time(9, 0))]})

    assert refused(lambda: services.log_donation(drive.needs.get(), point=drive.points.get(), quantity=1,
                                                 by=staff)) == (
        "not_running", 409, cs("The drive has not started yet, so nothing can be logged."))


def test_at_a_closed_drive_nothing_is_logged_corrected_voided_received_or_cancelled(rows):
    services.close_drive(rows.drive, by=rows.staff, now=rows.noon)
    closed = ("drive_closed", 409, cs("The drive is closed: its donations can no longer be logged or changed."))

    assert refused(lambda: log(rows)) == closed
    assert refused(lambda: services.correct_donation(rows.donation, by=rows.staff, quantity=3)) == closed
    assert refused(lambda: services.void_donation(rows.donation, by=rows.staff)) == closed
    assert refused(lambda: services.receive_pledge(rows.pledge, by=rows.staff, point=rows.point)) == closed
    assert refused(lambda: services.cancel_pledge(rows.pledge, by=rows.staff)) == closed


def test_another_drive_s_collection_point_is_refused_even_at_the_same_address(rows, elsewhere):
    unknown = ("unknown_point", 400, cs("Choose one of the drive's collection points."))

    assert refused(lambda: log(rows, point=elsewhere)) == unknown
    assert refused(lambda: services.make_pledge(rows.coats, quantity=1, point=elsewhere, now=rows.noon)) == unknown
    assert refused(lambda: services.correct_donation(rows.donation, by=rows.staff, point=elsewhere)) == unknown
    assert refused(lambda: services.receive_pledge(rows.pledge, by=rows.staff, point=elsewhere,
                                                   now=rows.noon)) == unknown
    assert refused(lambda: hand_out(rows, items=1, point=elsewhere)) == unknown
    assert refused(lambda: hand_out(rows, items=1, point=rows.point)) == unknown  # Ukliď šatník!'s, not its own

    assert hand_out(rows, items=1, point=point_at(rows.school, rows.point.venue)).point.drive == rows.school


def test_a_point_that_takes_only_some_needs_refuses_the_others(rows, serikova):
    bags = need_of(rows.drive, "Dětské oblečení")
    picky = point_at(rows.drive, serikova)
    picky.accepts.set([bags])
    not_taken = ("not_accepted", 400, cs("%(point)s does not take %(need)s.", point="Kulturní dům Šeříková",
                                         need="Zimní bundy"))

    assert refused(lambda: log(rows, point=picky)) == not_taken
    assert refused(lambda: services.make_pledge(rows.coats, quantity=1, point=picky, now=rows.noon)) == not_taken
    assert refused(lambda: services.correct_donation(rows.donation, by=rows.staff, point=picky)) == not_taken
    assert refused(lambda: services.receive_pledge(rows.pledge, by=rows.staff, point=picky,
                                                   now=rows.noon)) == not_taken

    assert log(rows, need=bags, point=picky).point == picky


def test_a_hand_out_of_another_drive_s_need_is_refused(rows):
    assert refused(lambda: hand_out(rows, items=1, need=rows.coats)) == (
        "unknown_need", 400, cs("This drive does not collect that. Choose one of its needs."))

    assert hand_out(rows, items=1, need=rows.school.needs.get()).need.name == "Aktovky"


# --- When a donation arrived ----------------------------------------------------------------------


def test_a_donation_may_be_dated_five_minutes_ahead_of_the_clock_and_not_a_second_more(rows):
    five_minutes_ahead = rows.noon + timedelta(minutes=5)

    assert refused(lambda: log(rows, received_at=five_minutes_ahead + timedelta(seconds=1))) == (
        "in_the_future", 400, cs("The time cannot be in the future."))
    assert log(rows, received_at=five_minutes_ahead).received_at == five_minutes_ahead


def test_a_donation_may_be_dated_from_midnight_of_the_drive_s_first_day_in_prague(rows):
    # Midnight in Prague is still the day before in UTC: a rule reading UTC dates refuses it.
    midnight = prague(rows.drive.starts_on, 0, 0)

    assert refused(lambda: log(rows, received_at=midnight - timedelta(seconds=1))) == (
        "before_drive", 400, cs("The time is before the drive started."))
    assert log(rows, received_at=midnight).received_at == midnight


# --- Pledges --------------------------------------------------------------------------------------


def test_pledges_are_taken_until_the_last_second_of_the_last_day_in_prague(rows):
    last_day = rows.drive.ends_on
    # 00:00 in Prague is 22:00 or 23:00 of the last day in UTC: a rule reading UTC dates still takes it.
    next_morning = prague(last_day + timedelta(days=1), 0, 0)
    ended = ("drive_ended", 409, cs("The drive ended on %(date)s and takes no more pledges. Thank you!",
                                    date=day_text(last_day)))

    assert refused(lambda: services.make_pledge(rows.coats, quantity=1, now=next_morning)) == ended
    assert refused(lambda: services.check_can_pledge(rows.drive, now=next_morning)) == ended

    services.check_can_pledge(rows.drive, now=prague(last_day, 23, 59, 59))
    assert services.make_pledge(rows.coats, quantity=1, now=prague(last_day, 23, 59, 59)).quantity == 1


def test_a_drive_that_has_not_started_or_is_closed_takes_no_pledges(make_drive, rows):
    prepared = make_drive("Nový začátek", slug="novy-zacatek", status=Drive.Status.PREPARED,
                          needs=[("Nádobí", Unit.BOX, 40, 1)])
    not_yet = ("not_running", 409, cs("The drive has not started yet. Please come back when it runs."))
    assert refused(lambda: services.make_pledge(prepared.needs.get(), quantity=1, now=rows.noon)) == not_yet
    assert refused(lambda: services.check_can_pledge(prepared, now=rows.noon)) == not_yet

    services.close_drive(rows.drive, by=None, now=rows.noon)
    closed = ("drive_closed", 409, cs("The drive is closed and takes no more pledges. Thank you!"))
    assert refused(lambda: services.make_pledge(rows.coats, quantity=1, now=rows.noon)) == closed
    assert refused(lambda: services.check_can_pledge(rows.drive, now=rows.noon)) == closed


def test_a_received_pledge_is_neither_received_nor_cancelled_again(rows):
    services.receive_pledge(rows.pledge, by=rows.staff, point=rows.point, now=rows.noon)
    received = ("pledge_received", 409, cs("This pledge has already been marked as received."))

    assert refused(lambda: services.receive_pledge(rows.pledge, by=rows.staff, point=rows.point)) == received
    assert refused(lambda: services.cancel_pledge(rows.pledge, by=rows.staff)) == received


def test_a_pledge_that_did_not_come_is_neither_received_nor_cancelled_again(rows):
    services.cancel_pledge(rows.pledge, by=rows.staff, now=rows.noon)
    cancelled = ("pledge_cancelled", 409, cs("This pledge was marked as not coming."))

    assert refused(lambda: services.receive_pledge(rows.pledge, by=rows.staff, point=rows.point)) == cancelled
    assert refused(lambda: services.cancel_pledge(rows.pledge, by=rows.staff)) == cancelled


def test_a_pledge_is_received_at_the_point_it_named_or_at_one_chosen_then(rows):
    assert refused(lambda: services.receive_pledge(rows.pledge, by=rows.staff, now=rows.noon)) == (
        "missing_point", 400, cs("Choose the collection point where it was brought."))

    named = services.make_pledge(rows.coats, quantity=1, point=rows.point, now=rows.noon)
    assert services.receive_pledge(named, by=rows.staff, now=rows.noon).point == rows.point


# --- Voided rows ----------------------------------------------------------------------------------


def test_a_voided_donation_is_neither_voided_again_nor_corrected(rows):
    services.void_donation(rows.donation, by=rows.staff, now=rows.noon)
    voided = ("already_voided", 409, cs("This donation has already been voided."))

    assert refused(lambda: services.void_donation(rows.donation, by=rows.staff)) == voided
    assert refused(lambda: services.correct_donation(rows.donation, by=rows.staff, quantity=5)) == voided


def test_a_voided_hand_out_is_neither_voided_again_nor_corrected(rows):
    services.void_distribution(rows.distribution, by=rows.staff, now=rows.noon)
    voided = ("already_voided", 409, cs("This entry has already been voided."))

    assert refused(lambda: services.void_distribution(rows.distribution, by=rows.staff)) == voided
    assert refused(lambda: services.correct_distribution(rows.distribution, by=rows.staff, households=1, people=1,
                                                         items=1, now=rows.noon)) == voided


# --- Handing out ----------------------------------------------------------------------------------


def test_a_drive_that_does_not_hand_out_records_no_hand_outs(rows):
    not_handing_out = ("not_handing_out", 409, cs("This drive does not hand anything out."))

    assert refused(lambda: hand_out(rows, drive=rows.drive, items=1)) == not_handing_out
    # Switched off in the admin after a hand-out was recorded: its rows can no longer change either.
    Drive.objects.filter(pk=rows.school.pk).update(hands_out=False)
    assert refused(lambda: services.correct_distribution(rows.distribution, by=rows.staff, households=1, people=1,
                                                         items=1, now=rows.noon)) == not_handing_out
    assert refused(lambda: services.void_distribution(rows.distribution, by=rows.staff)) == not_handing_out


def test_hand_outs_start_with_the_drive_and_go_on_after_it_closed(make_drive, rows):
    prepared = make_drive("Nový začátek", slug="novy-zacatek", hands_out=True, status=Drive.Status.PREPARED,
                          needs=[("Nádobí", Unit.BOX, 40, 1)])
    assert refused(lambda: hand_out(rows, drive=prepared, items=1)) == (
        "not_running", 409, cs("The drive has not started yet, so nothing can be logged."))

    services.close_drive(rows.school, by=None, now=rows.noon)
    assert hand_out(rows, items=1).drive == rows.school


COUNTS = [("households", "Households", MOST_HOUSEHOLDS), ("people", "People", MOST_PEOPLE),
          ("items", "Items handed out", MOST_ITEMS)]


@pytest.mark.parametrize(("count", "label", "most"), COUNTS)
def test_each_count_is_a_whole_number_from_zero_to_its_most(rows, count, label, most):
    name = cs(label)

    for typed in ("3", 2.0, True, None):
        assert refused(lambda typed=typed: hand_out(rows, **{count: typed})) == (
            "invalid_count", 400, cs("%(field)s must be a whole number.", field=name))
    assert refused(lambda: hand_out(rows, **{count: -1})) == (
        "invalid_count", 400, cs("%(field)s cannot be negative.", field=name))
    assert refused(lambda: hand_out(rows, **{count: most + 1})) == (
        "count_too_large", 400,
        cs("%(field)s: %(value)s is more than one entry can hold (at most %(limit)s). Check the number, please.",
           field=name, value=most + 1, limit=most))
    assert refused(lambda: services.correct_distribution(
        rows.distribution, by=rows.staff, **{"households": 2, "people": 5, "items": 3, count: most + 1}))[0] == (
        "count_too_large")

    # The most, with the other two counts 0: zero is a count too.
    assert getattr(hand_out(rows, **{count: most}), count) == most


def test_a_hand_out_counts_at_least_one_thing(rows):
    nothing = ("nothing_handed_out", 400, cs("Fill in at least one number: households, people or items."))

    assert refused(lambda: hand_out(rows)) == nothing
    assert refused(lambda: services.correct_distribution(rows.distribution, by=rows.staff, households=0, people=0,
                                                         items=0)) == nothing
    for one in ("households", "people", "items"):
        assert getattr(hand_out(rows, **{one: 1}), one) == 1


def test_there_are_at_least_as_many_people_as_households_when_people_are_counted(rows):
    fewer = ("fewer_people_than_households", 400,
             cs("There cannot be fewer people than households: every household is at least one person."))

    assert refused(lambda: hand_out(rows, households=5, people=4)) == fewer
    assert refused(lambda: services.correct_distribution(rows.distribution, by=rows.staff, households=5, people=4,
                                                         items=3)) == fewer

    assert hand_out(rows, households=5, people=5).people == 5
    assert hand_out(rows, households=5).people == 0  # people not counted that day


def test_the_day_of_a_hand_out_is_a_date_not_text_or_a_moment(rows):
    not_a_day = ("invalid_date", 400, cs("Give the day as a date."))

    for typed in (rows.noon.date().isoformat(), rows.noon):
        assert refused(lambda typed=typed: hand_out(rows, items=1, handed_out_on=typed)) == not_a_day
        assert refused(lambda typed=typed: services.correct_distribution(
            rows.distribution, by=rows.staff, households=2, people=5, items=3, handed_out_on=typed,
            now=rows.noon)) == not_a_day


def test_a_hand_out_is_dated_from_the_drive_s_first_day_to_today_in_prague(rows):
    first, today = rows.school.starts_on, rows.noon.date()
    future = ("in_the_future", 400, cs("The day cannot be in the future."))
    before = ("before_drive", 400, cs("The day is before the drive started."))

    assert refused(lambda: hand_out(rows, items=1, handed_out_on=today + timedelta(days=1))) == future
    assert refused(lambda: hand_out(rows, items=1, handed_out_on=first - timedelta(days=1))) == before
    assert refused(lambda: services.correct_distribution(rows.distribution, by=rows.staff, households=2, people=5,
                                                         items=3, handed_out_on=today + timedelta(days=1),
                                                         now=rows.noon)) == future
    assert refused(lambda: services.correct_distribution(rows.distribution, by=rows.staff, households=2, people=5,
                                                         items=3, handed_out_on=first - timedelta(days=1),
                                                         now=rows.noon)) == before

    assert hand_out(rows, items=1, handed_out_on=today).handed_out_on == today
    assert hand_out(rows, items=1, handed_out_on=first).handed_out_on == first
    # Half a minute after midnight in Prague, UTC still has yesterday: the new day is today already.
    assert hand_out(rows, items=1, handed_out_on=today, now=prague(today, 0, 0, 30)).handed_out_on == today
    assert hand_out(rows, items=1, now=prague(today, 0, 0, 30)).handed_out_on == today


# --- Opening and closing the drive ----------------------------------------------------------------


def test_a_running_drive_is_not_started_again_and_a_closed_one_never_again(uklid_satnik):
    assert refused(lambda: services.open_drive(uklid_satnik, by=None)) == (
        "already_running", 409, cs("The drive is already running."))

    services.close_drive(uklid_satnik, by=None)
    assert refused(lambda: services.open_drive(uklid_satnik, by=None)) == (
        "drive_closed", 409, cs("The drive is closed and can no longer be changed."))
    assert refused(lambda: services.close_drive(uklid_satnik, by=None)) == (
        "already_closed", 409, cs("The drive is already closed."))


def test_a_drive_starts_only_once_it_collects_something(make_drive):
    drive = make_drive(status=Drive.Status.PREPARED)

    assert refused(lambda: services.open_drive(drive, by=None)) == (
        "no_needs", 409, cs("Add at least one need before starting the drive."))

    Need.objects.create(drive=drive, name="Boty", unit=Unit.PAIR, target=10)
    assert services.open_drive(drive, by=None).status == Drive.Status.RUNNING


def test_a_prepared_drive_may_be_closed_without_ever_starting(make_drive):
    drive = make_drive(status=Drive.Status.PREPARED)

    assert services.close_drive(drive, by=None).status == Drive.Status.CLOSED


# --- Opening hours --------------------------------------------------------------------------------


def test_a_closed_drive_s_hours_no_longer_change(rows, serikova):
    point = point_at(rows.drive, serikova)
    slot = point.hours.first()
    day_off = services.set_exception(point, day=rows.noon.date(), note="svátek", by=None, now=rows.noon)
    services.close_drive(rows.drive, by=None, now=rows.noon)
    closed = ("drive_closed", 409, cs("The drive is closed and can no longer be changed."))

    assert refused(lambda: services.add_opening_hours(point, weekday=Weekday.SUNDAY, opens=time(9, 0),
                                                      closes=time(10, 0), by=None)) == closed
    assert refused(lambda: services.remove_opening_hours(slot, by=None)) == closed
    assert refused(lambda: services.set_exception(point, day=rows.noon.date(), closed=False, opens=time(9, 0),
                                                  closes=time(10, 0), by=None)) == closed
    assert refused(lambda: services.remove_exception(day_off, by=None)) == closed


def test_hours_are_two_times_of_day(uklid_satnik, serikova):
    point = point_at(uklid_satnik, serikova)
    no_times = ("invalid_time", 400, cs("Give the opening and closing times, for example 9:00 and 12:00."))

    for opens, closes in ((None, time(12, 0)), ("9:00", time(12, 0)), (time(9, 0), None)):
        assert refused(lambda opens=opens, closes=closes: services.add_opening_hours(
            point, weekday=Weekday.SUNDAY, opens=opens, closes=closes, by=None)) == no_times
        assert refused(lambda opens=opens, closes=closes: services.set_exception(
            point, day=uklid_satnik.ends_on, closed=False, opens=opens, closes=closes, by=None)) == no_times


def test_a_point_closes_at_least_a_minute_after_it_opens(uklid_satnik, serikova):
    point = point_at(uklid_satnik, serikova)
    backwards = ("closes_before_opening", 400, cs("The closing time must be after the opening time."))

    for closes in (time(9, 0), time(8, 59)):
        assert refused(lambda closes=closes: services.add_opening_hours(
            point, weekday=Weekday.SUNDAY, opens=time(9, 0), closes=closes, by=None)) == backwards
        assert refused(lambda closes=closes: services.set_exception(
            point, day=uklid_satnik.ends_on, closed=False, opens=time(9, 0), closes=closes, by=None)) == backwards

    assert services.add_opening_hours(point, weekday=Weekday.SUNDAY, opens=time(9, 0), closes=time(9, 1),
                                      by=None).closes == time(9, 1)
    assert services.set_exception(point, day=uklid_satnik.ends_on, closed=False, opens=time(9, 0),
                                  closes=time(9, 1), by=None).closes == time(9, 1)


def test_the_day_of_the_week_is_one_from_monday_to_sunday(uklid_satnik, serikova):
    point = point_at(uklid_satnik, serikova)

    for weekday in (-1, 7, True, "1", 1.0, None):
        assert refused(lambda weekday=weekday: services.add_opening_hours(
            point, weekday=weekday, opens=time(6, 0), closes=time(7, 0), by=None)) == (
            "invalid_weekday", 400, cs("Choose a day of the week."))

    for weekday in (0, 6):
        assert services.add_opening_hours(point, weekday=weekday, opens=time(6, 0), closes=time(7, 0),
                                          by=None).weekday == weekday


def test_hours_that_overlap_another_slot_of_the_same_day_are_refused_and_touching_ones_kept(uklid_satnik,
                                                                                            martinska):
    point = point_at(uklid_satnik, martinska)
    monday = point.hours.get(weekday=Weekday.MONDAY)  # 8:00–17:00
    overlap = ("hours_overlap", 400, cs("These hours overlap %(other)s.", other=in_czech(str, monday)))

    for opens, closes in ((time(16, 59), time(18, 0)), (time(7, 0), time(8, 1)), (time(9, 0), time(10, 0)),
                          (time(7, 0), time(18, 0)), (time(8, 0), time(17, 0))):
        assert refused(lambda opens=opens, closes=closes: services.add_opening_hours(
            point, weekday=Weekday.MONDAY, opens=opens, closes=closes, by=None)) == overlap

    for opens, closes in ((time(17, 0), time(18, 0)), (time(7, 0), time(8, 0))):
        services.add_opening_hours(point, weekday=Weekday.MONDAY, opens=opens, closes=closes, by=None)
    services.add_opening_hours(point, weekday=Weekday.SUNDAY, opens=time(8, 0), closes=time(17, 0), by=None)
    assert point.hours.filter(weekday=Weekday.MONDAY).count() == 3


def test_a_day_with_other_hours_is_a_date_within_the_drive_first_and_last_day_included(uklid_satnik, martinska):
    point = point_at(uklid_satnik, martinska)
    first, last = uklid_satnik.starts_on, uklid_satnik.ends_on
    outside = ("outside_drive", 400, cs("The day must be within the drive, from %(start)s to %(end)s.",
                                        start=day_text(first), end=day_text(last)))

    for day in (first - timedelta(days=1), last + timedelta(days=1)):
        assert refused(lambda day=day: services.set_exception(point, day=day, by=None)) == outside
    for typed in (first.isoformat(), prague(first)):
        assert refused(lambda typed=typed: services.set_exception(point, day=typed, by=None)) == (
            "invalid_date", 400, cs("Give the day as a date."))

    assert services.set_exception(point, day=first, by=None).date == first
    assert services.set_exception(point, day=last, by=None).date == last


def test_a_slot_at_an_hour_the_clocks_skip_is_refused_in_czech(make_drive, martinska, today):
    year = today.year + 1  # a spring wholly ahead, so the rule's dates do not depend on today
    drive = make_drive(needs=CLOTHES, starts_on=date(year, 3, 1), ends_on=date(year, 4, 30), points={martinska: []})
    when = f"{last_sunday(year, 3):%d. %m. %Y} 02:30"

    assert refused(lambda: services.add_opening_hours(point_at(drive, martinska), weekday=Weekday.SUNDAY,
                                                      opens=time(2, 30), closes=time(3, 30), by=None)) == (
        "invalid_hours", 400,
        cs("The repetition reaches %(when)s, a time that does not exist in Prague: the clocks jump forward then. "
           "Choose another start time.", when=when))

    services.add_opening_hours(point_at(drive, martinska), weekday=Weekday.SUNDAY, opens=time(3, 0),
                               closes=time(4, 0), by=None)


def test_a_slot_stored_past_the_services_at_an_hour_lived_twice_stops_the_drive_from_starting(make_drive,
                                                                                              martinska, today):
    year = today.year + 1
    drive = make_drive(status=Drive.Status.PREPARED, needs=CLOTHES, starts_on=date(year, 10, 1),
                       ends_on=date(year, 11, 30), points={martinska: []})
    slot = OpeningHours.objects.create(point=point_at(drive, martinska), weekday=Weekday.SUNDAY, opens=time(2, 30),
                                       closes=time(3, 0))
    twice = ("invalid_hours", 400,
             cs("The repetition reaches %(when)s, a time that happens twice in Prague: the clocks go back then. "
                "Choose another start time.", when=f"{last_sunday(year, 10):%d. %m. %Y} 02:30"))

    assert refused(lambda: services.open_drive(drive, by=None)) == twice
    assert refused(lambda: services.resync(drive)) == twice

    services.remove_opening_hours(slot, by=None)
    assert services.open_drive(drive, by=None).status == Drive.Status.RUNNING


# --- Who manages what (drives.roles) --------------------------------------------------------------


def test_each_organizer_manages_their_own_drive_and_department_staff_both(uklid_satnik, nebudme_lhostejni,
                                                                         organizer_a, organizer_b, staff,
                                                                         stranger):
    managed = {user.username: sorted(roles.drives_managed_by(user).values_list("slug", flat=True))
               for user in (organizer_a, organizer_b, staff, stranger)}

    assert managed == {"organizator_a": ["uklid-satnik"], "organizator_b": ["nebudme-lhostejni"],
                       "pracovnice": ["nebudme-lhostejni", "uklid-satnik"], "cizinec": []}
    for user, drive, may in [(organizer_a, uklid_satnik, True), (organizer_a, nebudme_lhostejni, False),
                             (organizer_b, uklid_satnik, False), (organizer_b, nebudme_lhostejni, True),
                             (staff, uklid_satnik, True), (staff, nebudme_lhostejni, True),
                             (stranger, uklid_satnik, False)]:
        assert roles.can_manage_drive(user, drive) is may, (user, drive)
        if may:
            assert roles.get_drive_for_manager(user, drive.slug) == drive
        else:
            with pytest.raises(Http404):
                roles.get_drive_for_manager(user, drive.slug)


def test_a_switched_off_account_or_nobody_manages_no_drive(uklid_satnik, organizer_a, staff):
    for user in (organizer_a, staff):
        user.is_active = False
        user.save()
    for user in (organizer_a, staff, AnonymousUser(), None):
        assert not roles.drives_managed_by(user).exists()
        assert not roles.can_manage_drive(user, uklid_satnik)


def test_a_prepared_drive_is_shown_to_who_manages_it_and_missing_for_the_other_organizer(make_drive, organizer_a,
                                                                                        organizer_b, staff):
    prepared = make_drive(status=Drive.Status.PREPARED, organizers=[organizer_a])
    running = make_drive("Nebuďme lhostejní", slug="nebudme-lhostejni", organizers=[organizer_b],
                         needs=[("Trvanlivé potraviny", Unit.BOX, 50, 1)])

    assert roles.get_public_drive(prepared.slug, organizer_a) == prepared
    assert roles.get_public_drive(prepared.slug, staff) == prepared
    for user in (organizer_b, AnonymousUser(), None):
        with pytest.raises(Http404):
            roles.get_public_drive(prepared.slug, user)
        assert roles.get_public_drive(running.slug, user) == running
    for slug in ("neexistuje", "uklid-satnik\x00", "uklid satnik", "x" * 61):
        with pytest.raises(Http404):
            roles.get_public_drive(slug, staff)
        with pytest.raises(Http404):
            roles.get_drive_for_manager(staff, slug)


@pytest.fixture
def rows_of_both(uklid_satnik, nebudme_lhostejni, martinska, noon):
    """A point, a donation, a pledge and a hand-out in each of the two drives (both hand out)."""
    Drive.objects.update(hands_out=True)
    found = {}
    for drive in (uklid_satnik, nebudme_lhostejni):
        drive.refresh_from_db()
        need, point = drive.needs.first(), point_at(drive, martinska)
        found[drive.slug] = {
            "point": point, "donation": services.log_donation(need, point=point, quantity=1, by=None, now=noon),
            "pledge": services.make_pledge(need, quantity=1, now=noon),
            "distribution": services.record_distribution(drive, by=None, items=1, now=noon),
        }
    return found


GETTERS = {"point": roles.get_point_for_manager, "donation": roles.get_donation_for_manager,
           "pledge": roles.get_pledge_for_manager, "distribution": roles.get_distribution_for_manager}


@pytest.mark.parametrize("row", GETTERS)
def test_a_row_is_found_only_under_its_own_drive_even_by_staff_who_manage_both(rows_of_both, staff, organizer_a,
                                                                              organizer_b, row):
    get = GETTERS[row]
    mine, theirs = rows_of_both["uklid-satnik"][row], rows_of_both["nebudme-lhostejni"][row]

    assert get(staff, "uklid-satnik", mine.pk) == mine
    assert get(staff, "nebudme-lhostejni", str(theirs.pk)) == theirs
    assert get(organizer_a, "uklid-satnik", mine.pk).drive.slug == "uklid-satnik"
    for user, slug, pk in [(staff, "uklid-satnik", theirs.pk), (staff, "nebudme-lhostejni", mine.pk),
                           (organizer_a, "uklid-satnik", theirs.pk), (organizer_a, "nebudme-lhostejni", theirs.pk),
                           (organizer_b, "uklid-satnik", mine.pk)]:
        with pytest.raises(Http404):
            get(user, slug, pk)
    for pk in ("abc", f"{mine.pk}.0", f"+{mine.pk}", 0, -mine.pk, 2**63, None):
        with pytest.raises(Http404):
            get(staff, "uklid-satnik", pk)


def test_a_prepared_drive_s_calendar_is_for_its_organizer_and_staff_not_the_other_organizer(client, make_drive,
                                                                                           martinska, organizer_a,
                                                                                           organizer_b, staff):
    prepared = make_drive(status=Drive.Status.PREPARED, organizers=[organizer_a], needs=CLOTHES,
                          points={martinska: [(Weekday.MONDAY, time(8, 0), time(12, 0))]})
    url = f"/sbirky/{prepared.slug}/kalendar.ics"

    for user, status in ((organizer_a, 200), (staff, 200), (organizer_b, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
