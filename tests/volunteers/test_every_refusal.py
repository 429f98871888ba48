"""Each refusal of the volunteer register's services: its code, its status, its Czech words, and nothing changed.

The pages' tests show where a refusal appears; these pin what it is, so a refusal that changes its
code or message goes red here. Every limit (a number of people or hours, a day a check covers, the
instant a shift starts) is tried on both sides, so moving it by one, or `<` becoming `<=`, goes red
too. The permission-checked getters of `volunteers.roles` are tried across two volunteers and two
shifts, so a rule that looks at the wrong one goes red. Times are fixed relative to the next dance
evening and passed to the services as `now`, so the hour a test runs at does not matter.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import OperationalError
from django.http import Http404
from django.utils import timezone, translation

from events.roles import DEPARTMENT_STAFF
from events.services import cancel_occurrence
from kernel.contacts import MAX_NAME
from messaging.models import Message
from tests.conftest import make_user
from volunteers import roles, services
from volunteers.forms import VolunteerForm
from volunteers.models import Assignment, CheckKind, LinkRenewal, Shift, Volunteer, VolunteerCheck
from volunteers.services import (
    VolunteersError,
    add_volunteer,
    ask,
    cancel_assignment,
    check_volunteer_link_renewable,
    confirm,
    decline,
    mark_attendance,
    open_shift,
    record_check,
    renew_volunteer_link,
    sign_up,
    update_volunteer,
    volunteer_leaves,
)

from .conftest import cs

# The smallest step a time can take: one side of an instant is the instant itself, the other this much before.
A_MOMENT = timedelta(microseconds=1)


def refused(call):
    """What `call` was refused with: (code, status, message, field)."""
    with pytest.raises(VolunteersError) as caught:
        call()
    return caught.value.code, caught.value.status, caught.value.message, caught.value.field


def check_label(kind):
    with translation.override("cs"):
        return str(CheckKind(kind).label)


def volunteer_emails():
    """The e-mails about volunteers waiting in the outbox (cancelling a date queues its own)."""
    return list(Message.objects.filter(kind__startswith="volunteers.").values_list("kind", "object_id"))


@pytest.fixture
def next_week(oldies_goldies, dance):
    """The Oldies Goldies evening a week after the next one."""
    return oldies_goldies.occurrences.filter(start__gt=dance.start).order_by("start").first()


@pytest.fixture
def cloakroom_next_week(make_shift, next_week):
    return make_shift(next_week, "Šatna")


# --- Adding and editing a volunteer ------------------------------------------------------------

TOMAS = {"name": "Tomáš Veselý", "email": "", "phone": "603 111 222"}

CONTACT_REFUSALS = [
    pytest.param({"name": ""}, ("invalid_name", "Write the name, please.", "name"), id="no name"),
    pytest.param({"name": "\u200b "}, ("invalid_name", "Write the name, please.", "name"), id="an invisible name"),
    pytest.param({"name": "Tomáš\x00"}, (
        "invalid_name", "The name contains a character that cannot be in a name. Check it, please.", "name"),
        id="a control character in the name"),
    pytest.param({"name": "a" * (MAX_NAME + 1)}, ("invalid_name", "The name is too long.", "name"),
                 id="a name one character too long"),
    pytest.param({"phone": "603 111"}, (
        "invalid_phone", "The phone number is not valid. Write nine digits, for example 777 123 456.", "phone"),
        id="a short phone"),
    pytest.param({"email": "tomas@"}, (
        "invalid_email", "The e-mail address is not valid. Check it, for example jana@seznam.cz.", "email"),
        id="a broken e-mail"),
    pytest.param({"phone": ""}, ("missing_contact", "Give a phone number or an e-mail of the volunteer.", "email"),
                 id="no contact"),
]


@pytest.mark.parametrize(("changes", "expected"), CONTACT_REFUSALS)
def test_a_new_volunteer_with_a_wrong_name_or_contact_is_refused_beside_its_field(db, changes, expected):
    code, message, field = expected

    assert refused(lambda: add_volunteer(**{**TOMAS, **changes}, consent=True)) == (code, 400, cs(message), field)
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(("changes", "expected"), CONTACT_REFUSALS)
def test_editing_a_volunteer_with_a_wrong_name_or_contact_is_refused_and_the_old_details_stay(tomas, changes,
                                                                                             expected):
    code, message, field = expected

    assert refused(lambda: update_volunteer(tomas, **{**TOMAS, **changes})) == (code, 400, cs(message), field)
    kept = Volunteer.objects.get(pk=tomas.pk)
    assert (kept.name, kept.email, kept.phone) == ("Tomáš Veselý", "tomas.vesely@example.org", "+420603111222")


def test_the_longest_name_is_kept_whole(db):
    assert add_volunteer(**{**TOMAS, "name": "a" * MAX_NAME}, consent=True).name == "a" * MAX_NAME


def test_a_volunteer_who_left_is_not_edited_back_into_the_register(tomas):
    tomas = volunteer_leaves(tomas)

    assert refused(lambda: update_volunteer(tomas, **TOMAS, weekends=True)) == (
        "volunteer_left", 409, cs("This volunteer has left; their details are no longer kept."), None)
    kept = Volunteer.objects.get(pk=tomas.pk)
    assert (kept.name, kept.email, kept.phone, kept.weekends, kept.is_anonymised) == ("—", "", "", False, True)


def test_a_page_opened_before_the_volunteer_left_does_not_bring_their_details_back(tomas):
    page_of_tomas = Volunteer.objects.get(pk=tomas.pk)  # read before another member of staff records the leaving
    volunteer_leaves(tomas)

    assert refused(lambda: update_volunteer(page_of_tomas, **TOMAS))[0] == "volunteer_left"
    kept = Volunteer.objects.get(pk=tomas.pk)
    assert (kept.name, kept.phone, kept.is_anonymised) == ("—", "", True)
    assert kept.token != page_of_tomas.token  # the old private link stays dead


def test_staff_saving_details_of_a_volunteer_who_leaves_that_moment_see_the_refusal_not_an_error(
        client, staff, tomas, monkeypatch):
    checked = VolunteerForm.is_valid

    def leaves_while_checked(form):
        volunteer_leaves(tomas)
        return checked(form)

    monkeypatch.setattr(VolunteerForm, "is_valid", leaves_while_checked)
    client.force_login(staff)

    response = client.post(f"/sprava/dobrovolnici/{tomas.pk}/", {**TOMAS, "active": "on"})

    assert response.status_code == 409
    assert cs("This volunteer has left; their details are no longer kept.") in response.content.decode()
    assert Volunteer.objects.get(pk=tomas.pk).name == "—"


def test_editing_a_volunteer_from_a_page_opened_before_their_link_was_renewed_keeps_the_new_link(tomas, staff):
    page_of_tomas = Volunteer.objects.get(pk=tomas.pk)
    new_token = renew_volunteer_link(tomas, by=staff).volunteer.token

    update_volunteer(page_of_tomas, **{**TOMAS, "name": "Tomáš  Veselý ml."})

    kept = Volunteer.objects.get(pk=tomas.pk)
    assert (kept.name, kept.token) == ("Tomáš Veselý ml.", new_token)  # the leaked link does not come back


# --- Checks ------------------------------------------------------------------------------------

TODAY = date(2026, 3, 2)


def record(volunteer, checked_on, valid_until):
    return record_check(volunteer, kind=CheckKind.CRIMINAL_RECORD, checked_on=checked_on,
                        valid_until=valid_until, today=TODAY)


def test_a_check_dated_tomorrow_is_refused_and_one_dated_today_is_kept(tomas):
    assert refused(lambda: record(tomas, TODAY + timedelta(days=1), TODAY + timedelta(days=365))) == (
        "check_in_future", 400, cs("The check cannot be dated in the future."), None)
    assert not VolunteerCheck.objects.exists()

    assert record(tomas, TODAY, TODAY + timedelta(days=365)).checked_on == TODAY


def test_a_check_valid_until_the_day_before_it_was_made_is_refused_and_until_that_day_is_kept(tomas):
    checked_on = TODAY - timedelta(days=10)

    assert refused(lambda: record(tomas, checked_on, checked_on - timedelta(days=1))) == (
        "check_dates", 400, cs("The check cannot be valid until a day before it was made."), None)
    assert not VolunteerCheck.objects.exists()

    assert record(tomas, checked_on, checked_on).valid_until == checked_on


def test_a_refused_check_leaves_the_one_recorded_before_as_it_was(tomas):
    record(tomas, TODAY - timedelta(days=30), TODAY + timedelta(days=335))

    assert refused(lambda: record(tomas, TODAY + timedelta(days=1), TODAY + timedelta(days=365)))[0] == (
        "check_in_future")
    assert refused(lambda: record(tomas, TODAY, TODAY - timedelta(days=1)))[0] == "check_dates"
    check = VolunteerCheck.objects.get()
    assert (check.checked_on, check.valid_until) == (TODAY - timedelta(days=30), TODAY + timedelta(days=335))


def test_no_check_is_kept_about_a_volunteer_who_left(tomas):
    page_of_tomas = Volunteer.objects.get(pk=tomas.pk)  # read before the leaving is recorded
    tomas = volunteer_leaves(tomas)
    expected = ("volunteer_left", 409, cs("This volunteer has left; their details are no longer kept."), None)

    assert refused(lambda: record(tomas, TODAY, TODAY + timedelta(days=365))) == expected
    assert refused(lambda: record(page_of_tomas, TODAY, TODAY + timedelta(days=365))) == expected
    assert not VolunteerCheck.objects.exists()


# --- Opening a shift ---------------------------------------------------------------------------


def open_cloakroom(occurrence, **changes):
    """Šatna 17:30–21:30 at `occurrence` for two people, opened the day before unless `now` says otherwise."""
    starts_at = occurrence.start - timedelta(minutes=30)
    details = {"role": "Šatna", "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=4),
               "places_needed": 2, "now": starts_at - timedelta(days=1), **changes}
    return open_shift(occurrence, **details)


@pytest.mark.parametrize("role", ["", "   ", "\n\t", None, "\u200b", "\u00ad\u200d"])
def test_a_shift_without_a_role_is_refused(dance, role):
    assert refused(lambda: open_cloakroom(dance, role=role)) == (
        "invalid_role", 400, cs("Write what the volunteers will do (the role)."), None)
    assert not Shift.objects.exists()


BROKEN_TEXT = ("invalid_text", 400, cs(
    "The text contains a character that cannot be written in it (a control character). Delete it, please."))


@pytest.mark.parametrize("broken", ["\x00", "\x1b", "\ud800"], ids=["NUL", "escape", "a lone surrogate"])
@pytest.mark.parametrize("field", ["role", "note"])
def test_a_shift_whose_role_or_note_holds_a_control_character_is_refused_beside_it(dance, field, broken):
    assert refused(lambda: open_cloakroom(dance, **{field: f"Šatna{broken} u vchodu"})) == (*BROKEN_TEXT, field)
    assert not Shift.objects.exists()


def test_a_role_keeps_its_letters_without_the_invisible_ones(dance):
    assert open_cloakroom(dance, role="Šat\u200bna  u\u00a0vchodu").role == "Šatna u vchodu"


def test_a_volunteer_whose_availability_holds_a_control_character_is_refused_and_not_kept(tomas):
    assert refused(lambda: add_volunteer(**TOMAS, consent=True, availability_note="Úterý\x00")) == (
        *BROKEN_TEXT, "availability_note")
    assert refused(lambda: update_volunteer(tomas, **TOMAS, availability_note="Středa\x1b")) == (
        *BROKEN_TEXT, "availability_note")
    tomas.refresh_from_db()
    assert "\x1b" not in tomas.availability_note
    # A line break is text.
    assert update_volunteer(tomas, **TOMAS, availability_note="Úterý\nStředa").availability_note == "Úterý\nStředa"


def test_a_cancelled_date_gets_no_shift_and_the_next_date_does(dance, next_week, staff):
    cancel_occurrence(dance, by=staff)

    assert refused(lambda: open_cloakroom(dance)) == (
        "date_cancelled", 409, cs("This date is cancelled; it needs no volunteers."), None)
    assert not Shift.objects.exists()
    assert open_cloakroom(next_week).occurrence == next_week


def test_a_shift_ending_when_it_starts_is_refused_and_one_a_moment_longer_is_opened(dance):
    starts_at = dance.start - timedelta(minutes=30)
    ends_first = ("invalid_times", 400, cs("The shift must end after it starts."), None)

    assert refused(lambda: open_cloakroom(dance, ends_at=starts_at)) == ends_first
    assert refused(lambda: open_cloakroom(dance, ends_at=starts_at - timedelta(hours=1))) == ends_first
    assert not Shift.objects.exists()
    assert open_cloakroom(dance, ends_at=starts_at + A_MOMENT).ends_at == starts_at + A_MOMENT


def test_a_shift_of_sixteen_hours_is_opened_and_a_moment_longer_is_refused(dance):
    starts_at = dance.start - timedelta(hours=8)

    assert refused(lambda: open_cloakroom(dance, starts_at=starts_at,
                                          ends_at=starts_at + timedelta(hours=16) + A_MOMENT)) == (
        "invalid_times", 400, cs("One shift can last at most 16 hours."), None)
    assert not Shift.objects.exists()
    shift = open_cloakroom(dance, starts_at=starts_at, ends_at=starts_at + timedelta(hours=16))
    assert shift.hours == 16


def test_a_shift_starting_this_instant_is_refused_and_one_starting_a_moment_later_is_opened(dance):
    starts_at = dance.start - timedelta(minutes=30)

    assert refused(lambda: open_cloakroom(dance, now=starts_at)) == (
        "shift_in_past", 400, cs("A shift can only be opened for a time still to come."), None)
    assert refused(lambda: open_cloakroom(dance, now=starts_at + timedelta(hours=1)))[0] == "shift_in_past"
    assert not Shift.objects.exists()
    assert open_cloakroom(dance, now=starts_at - A_MOMENT).starts_at == starts_at


@pytest.mark.parametrize("places", [0, 501, -1, "2", 2.0, None, True])
def test_a_number_of_people_outside_1_to_500_or_not_a_whole_number_is_refused(dance, places):
    assert refused(lambda: open_cloakroom(dance, places_needed=places)) == (
        "invalid_places", 400, cs("The number of people needed must be between 1 and 500."), None)
    assert not Shift.objects.exists()


@pytest.mark.parametrize("places", [1, 500])
def test_one_and_five_hundred_people_are_both_allowed(dance, places):
    assert open_cloakroom(dance, places_needed=places).places_needed == places


# --- Signing up and being asked ----------------------------------------------------------------


@pytest.fixture(params=["signs up", "is asked"])
def join(request, staff):
    """Both ways onto a shift: the volunteer signs up from their page, or staff ask them."""
    if request.param == "signs up":
        return lambda shift, volunteer, now=None: sign_up(shift, volunteer, now=now)
    return lambda shift, volunteer, now=None: ask(shift, volunteer, by=staff, now=now)


def nobody_on(shift):
    shift.refresh_from_db()
    return not Assignment.objects.filter(shift=shift).exists() and shift.places_taken == 0 and not volunteer_emails()


def test_a_volunteer_switched_off_is_refused_and_an_active_one_is_not(join, tomas, lenka, cloakroom):
    Volunteer.objects.filter(pk=tomas.pk).update(active=False)
    tomas.refresh_from_db()

    assert refused(lambda: join(cloakroom, tomas)) == (
        "volunteer_inactive", 409, cs("This volunteer is not active."), None)
    assert nobody_on(cloakroom)
    assert join(cloakroom, lenka).volunteer == lenka


def test_a_volunteer_who_left_is_refused_even_when_the_page_was_opened_before(join, tomas, cloakroom):
    page_of_tomas = Volunteer.objects.get(pk=tomas.pk)
    volunteer_leaves(tomas)

    assert refused(lambda: join(cloakroom, page_of_tomas)) == (
        "volunteer_inactive", 409, cs("This volunteer is not active."), None)
    assert nobody_on(cloakroom)


def test_a_shift_is_refused_from_the_instant_it_starts_and_taken_a_moment_before(join, tomas, lenka, cloakroom):
    assert refused(lambda: join(cloakroom, tomas, now=cloakroom.starts_at)) == (
        "shift_started", 409, cs("This shift has already started."), None)
    assert refused(lambda: join(cloakroom, tomas, now=cloakroom.ends_at))[0] == "shift_started"
    assert nobody_on(cloakroom)

    assert join(cloakroom, lenka, now=cloakroom.starts_at - A_MOMENT).volunteer == lenka


def test_a_shift_of_a_cancelled_date_is_refused_and_the_same_shift_next_week_is_not(join, tomas, cloakroom,
                                                                                    cloakroom_next_week, staff):
    cancel_occurrence(cloakroom.occurrence, by=staff)

    assert refused(lambda: join(cloakroom, tomas)) == (
        "date_cancelled", 409, cs("This date is cancelled; it needs no volunteers."), None)
    assert nobody_on(cloakroom)
    assert join(cloakroom_next_week, tomas).shift == cloakroom_next_week


@pytest.fixture
def children(make_shift, dance):
    """Dětský koutek at the next dance evening: a role that needs a criminal-record extract."""
    return make_shift(dance, "Dětský koutek", required_check=CheckKind.CRIMINAL_RECORD)


def give_check(volunteer, kind=CheckKind.CRIMINAL_RECORD, *, checked_on, valid_until):
    return VolunteerCheck.objects.create(volunteer=volunteer, kind=kind, checked_on=checked_on,
                                         valid_until=valid_until)


def needs_check():
    return ("check_missing", 409, cs("This role needs a valid check (%(check)s) on the day of the shift.")
            % {"check": check_label(CheckKind.CRIMINAL_RECORD)}, None)


def test_a_role_needing_a_check_names_it_to_a_volunteer_without_one(join, tomas, children):
    assert refused(lambda: join(children, tomas)) == needs_check()
    assert nobody_on(children)


def test_a_check_valid_until_the_day_of_the_shift_is_enough_and_until_the_day_before_is_not(
        join, tomas, lenka, children):
    day = timezone.localdate(children.starts_at)
    give_check(tomas, checked_on=day - timedelta(days=365), valid_until=day - timedelta(days=1))
    give_check(lenka, checked_on=day - timedelta(days=365), valid_until=day)

    assert refused(lambda: join(children, tomas)) == needs_check()
    assert join(children, lenka).volunteer == lenka
    assert not Assignment.objects.filter(volunteer=tomas).exists()


def test_a_check_made_on_the_day_of_the_shift_is_enough_and_one_made_the_day_after_is_not(
        join, tomas, lenka, children):
    day = timezone.localdate(children.starts_at)
    give_check(tomas, checked_on=day + timedelta(days=1), valid_until=day + timedelta(days=365))
    give_check(lenka, checked_on=day, valid_until=day + timedelta(days=365))

    assert refused(lambda: join(children, tomas)) == needs_check()
    assert join(children, lenka).volunteer == lenka
    assert not Assignment.objects.filter(volunteer=tomas).exists()


def test_another_kind_of_check_or_someone_elses_check_is_not_enough(join, tomas, lenka, children):
    day = timezone.localdate(children.starts_at)
    give_check(tomas, CheckKind.FIRST_AID, checked_on=day, valid_until=day + timedelta(days=365))
    give_check(lenka, checked_on=day, valid_until=day + timedelta(days=365))

    assert refused(lambda: join(children, tomas)) == needs_check()
    assert not Assignment.objects.filter(volunteer=tomas).exists()


def test_the_same_volunteer_is_refused_a_second_time_on_one_shift(join, tomas, cloakroom):
    first = join(cloakroom, tomas)
    emails = volunteer_emails()

    assert refused(lambda: join(cloakroom, tomas)) == (
        "already_on_shift", 409, cs("The volunteer is already on this shift."), None)
    assert refused(lambda: sign_up(cloakroom, tomas))[0] == "already_on_shift"
    assert list(Assignment.objects.all()) == [first]
    assert Shift.objects.get(pk=cloakroom.pk).places_taken == 1 and volunteer_emails() == emails


def test_after_declining_the_volunteer_can_take_the_shift_again(join, tomas, cloakroom):
    decline(join(cloakroom, tomas))

    assert join(cloakroom, tomas).is_live
    assert Shift.objects.get(pk=cloakroom.pk).places_taken == 1


def test_two_requests_at_once_putting_one_volunteer_on_one_shift_leave_one_place_taken(tomas, cloakroom,
                                                                                     monkeypatch):
    first = sign_up(cloakroom, tomas)
    # The second request passed its checks before the first was saved: the unique index answers.
    monkeypatch.setattr(services, "_check_can_take", lambda volunteer, shift, now: None)

    assert refused(lambda: sign_up(cloakroom, tomas)) == (
        "already_on_shift", 409, cs("The volunteer is already on this shift."), None)
    assert list(Assignment.objects.all()) == [first]
    assert Shift.objects.get(pk=cloakroom.pk).places_taken == 1


def overlap(shift):
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return ("overlap", 409, cs(
        "The volunteer already has another shift at that time: %(role)s, %(day)s %(start)s–%(end)s.") % {
        "role": shift.role, "day": f"{start:%d. %m. %Y}", "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}, None)


def test_a_shift_ending_the_instant_the_other_starts_does_not_overlap_and_a_moment_later_does(
        join, tomas, cloakroom, make_shift, dance):
    sign_up(cloakroom, tomas)  # 17:30–21:30
    before = make_shift(dance, "Parkoviště", start_offset=timedelta(hours=-2), length=timedelta(hours=1, minutes=30))
    into = make_shift(dance, "Pokladna", start_offset=timedelta(hours=-2),
                      length=timedelta(hours=1, minutes=30) + A_MOMENT)

    assert refused(lambda: join(into, tomas)) == overlap(cloakroom)
    assert nobody_on(into)
    assert join(before, tomas).shift == before


def test_a_shift_starting_a_moment_before_the_other_ends_overlaps(join, tomas, cloakroom, make_shift, dance):
    sign_up(cloakroom, tomas)  # 17:30–21:30; starting at 21:30 is back to back (test_shifts)
    into = make_shift(dance, "Úklid", start_offset=timedelta(hours=3, minutes=30) - A_MOMENT,
                      length=timedelta(hours=1))

    assert refused(lambda: join(into, tomas)) == overlap(cloakroom)
    assert nobody_on(into)


def test_a_declined_shift_at_the_same_time_is_no_clash_and_another_volunteers_shift_neither(
        join, tomas, lenka, cloakroom, make_shift, dance):
    decline(sign_up(cloakroom, tomas))
    sign_up(cloakroom, lenka)
    same_time = make_shift(dance, "Pokladna")

    assert join(same_time, tomas).volunteer == tomas


def test_the_second_of_two_places_is_taken_and_the_third_volunteer_is_refused(join, tomas, lenka, make_volunteer,
                                                                              cloakroom):
    karel = make_volunteer("Karel Dvořáček")
    join(cloakroom, tomas)
    second = join(cloakroom, lenka)
    emails = volunteer_emails()

    assert refused(lambda: join(cloakroom, karel)) == (
        "shift_full", 409, cs("Sorry, this shift already has all the people it needs."), None)
    assert Shift.objects.get(pk=cloakroom.pk).places_taken == 2
    assert not Assignment.objects.filter(volunteer=karel).exists() and volunteer_emails() == emails

    decline(second)
    assert join(cloakroom, karel).volunteer == karel


def test_a_database_too_busy_to_answer_is_a_try_again_not_an_error_page(join, tomas, cloakroom, monkeypatch):
    def locked(shift_id):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_take_place", locked)

    assert refused(lambda: join(cloakroom, tomas)) == (
        "busy", 503, cs("Many people are signing up right now. Please try again in a moment."), None)
    assert nobody_on(cloakroom)


# --- Answering, taking off, marking who came -----------------------------------------------------


@pytest.fixture
def asked(cloakroom, tomas, staff):
    """Tomáš asked for the cloakroom, not answered yet."""
    return ask(cloakroom, tomas, by=staff)


def test_an_answer_to_a_place_no_longer_held_is_refused(asked):
    decline(asked)

    assert refused(lambda: confirm(asked)) == (
        "not_live", 409, cs("This place on the shift is no longer yours."), None)
    assert Assignment.objects.get().status == Assignment.Status.DECLINED


def test_a_place_is_confirmed_until_the_shift_starts_and_not_from_that_instant(asked):
    starts_at = asked.shift.starts_at

    assert refused(lambda: confirm(asked, now=starts_at)) == (
        "shift_started", 409, cs("This shift has already started."), None)
    kept = Assignment.objects.get()
    assert (kept.status, kept.confirmed_at) == (Assignment.Status.ASKED, None)

    assert confirm(asked, now=starts_at - A_MOMENT).confirmed_at == starts_at - A_MOMENT


def test_the_start_that_counts_is_that_of_the_shift_being_answered(asked, cloakroom_next_week, tomas, staff):
    next_week = ask(cloakroom_next_week, tomas, by=staff)
    tonight = asked.shift.starts_at

    assert refused(lambda: confirm(asked, now=tonight))[0] == "shift_started"
    assert confirm(next_week, now=tonight).is_confirmed


@pytest.fixture(params=["declines", "is taken off"])
def end(request):
    """Both ways off a shift: the volunteer declines, or staff take them off."""
    return decline if request.param == "declines" else cancel_assignment


def test_a_place_no_longer_taken_cannot_be_given_up_again(end, asked):
    decline(asked)

    assert refused(lambda: end(asked)) == (
        "not_live", 409, cs("This place on the shift is no longer taken."), None)
    assert Assignment.objects.get().status == Assignment.Status.DECLINED
    assert Shift.objects.get(pk=asked.shift_id).places_taken == 0


def test_a_place_is_given_up_until_the_shift_starts_and_not_from_that_instant(end, asked):
    starts_at = asked.shift.starts_at

    assert refused(lambda: end(asked, now=starts_at)) == (
        "shift_started", 409, cs("This shift has already started."), None)
    kept = Assignment.objects.get()
    assert (kept.status, kept.ended_at, kept.shift.places_taken) == (Assignment.Status.ASKED, None, 1)

    assert end(asked, now=starts_at - A_MOMENT).ended_at == starts_at - A_MOMENT
    assert Shift.objects.get(pk=asked.shift_id).places_taken == 0


def test_giving_up_a_place_frees_that_shift_and_not_another(end, tomas, cloakroom, cloakroom_next_week):
    tonight = sign_up(cloakroom, tomas)
    sign_up(cloakroom_next_week, tomas)

    assert refused(lambda: end(tonight, now=cloakroom.starts_at))[0] == "shift_started"
    next_week = Assignment.objects.get(shift=cloakroom_next_week)
    end(next_week, now=cloakroom.starts_at)
    assert Shift.objects.get(pk=cloakroom.pk).places_taken == 1
    assert Shift.objects.get(pk=cloakroom_next_week.pk).places_taken == 0


@pytest.fixture
def on_shift(cloakroom, tomas):
    """Tomáš confirmed for the cloakroom (17:30–21:30, four hours)."""
    return sign_up(cloakroom, tomas, now=cloakroom.starts_at - timedelta(days=1))


def attendance_unmarked():
    kept = Assignment.objects.get()
    return (kept.attended, kept.hours, kept.attendance_marked_by, kept.attendance_marked_at) == (
        None, Decimal(0), None, None)


def test_who_came_is_marked_from_the_instant_the_shift_starts_and_not_a_moment_before(on_shift, staff):
    starts_at = on_shift.shift.starts_at

    assert refused(lambda: mark_attendance(on_shift, attended=True, by=staff, now=starts_at - A_MOMENT)) == (
        "too_early", 409, cs("Who came can be marked only once the shift has started."), None)
    assert attendance_unmarked()

    marked = mark_attendance(on_shift, attended=True, by=staff, now=starts_at)
    assert (marked.attended, marked.hours, marked.attendance_marked_at) == (True, Decimal("4.00"), starts_at)


def test_attendance_of_someone_no_longer_on_the_shift_is_refused(on_shift, staff):
    decline(on_shift, now=on_shift.shift.starts_at - timedelta(hours=1))

    assert refused(lambda: mark_attendance(on_shift, attended=False, by=staff, now=on_shift.shift.ends_at)) == (
        "not_live", 409, cs("This volunteer is no longer on the shift."), None)
    assert Assignment.objects.get().attended is None


@pytest.mark.parametrize("hours", [0, "0", "0.00", -1, "0.24", 0.1, "24.01", 25, "1e30", "NaN", "Infinity",
                                   "čtyři", "4,5", True])
def test_hours_outside_a_quarter_to_twenty_four_or_not_a_number_are_refused(on_shift, staff, hours):
    assert refused(lambda: mark_attendance(on_shift, attended=True, hours=hours, by=staff,
                                           now=on_shift.shift.ends_at)) == (
        "invalid_hours", 400, cs("Write the hours as a number from 0.25 to 24."), None)
    assert attendance_unmarked()


@pytest.mark.parametrize(("hours", "kept"), [
    ("0.25", Decimal("0.25")), (24, Decimal("24.00")), (Decimal("2.5"), Decimal("2.50")), (None, Decimal("4.00")),
    ("", Decimal("4.00")),
])
def test_a_quarter_of_an_hour_and_twenty_four_hours_are_both_kept(on_shift, staff, hours, kept):
    assert mark_attendance(on_shift, attended=True, hours=hours, by=staff, now=on_shift.shift.ends_at).hours == kept


# --- Leaving and a new private link ---------------------------------------------------------------


def test_a_volunteer_who_left_cannot_leave_again(tomas):
    first = volunteer_leaves(tomas)

    assert refused(lambda: volunteer_leaves(tomas, now=first.left_at + timedelta(days=1))) == (
        "volunteer_left", 409, cs("This volunteer has already left."), None)
    kept = Volunteer.objects.get(pk=tomas.pk)
    assert (kept.left_at, kept.token) == (first.left_at, first.token)


def test_leaving_frees_the_places_on_shifts_still_to_come_and_keeps_the_one_that_has_started(
        tomas, lenka, cloakroom, cloakroom_next_week):
    tomas_tonight, lenka_tonight = sign_up(cloakroom, tomas), sign_up(cloakroom, lenka)
    tomas_next_week = sign_up(cloakroom_next_week, tomas)

    volunteer_leaves(tomas, now=cloakroom.starts_at)  # tonight's shift has just started: its hours will count
    volunteer_leaves(lenka, now=cloakroom.starts_at - A_MOMENT)

    status = dict(Assignment.objects.values_list("pk", "status"))
    assert status == {tomas_tonight.pk: Assignment.Status.CONFIRMED, lenka_tonight.pk: Assignment.Status.CANCELLED,
                      tomas_next_week.pk: Assignment.Status.CANCELLED}
    assert Shift.objects.get(pk=cloakroom.pk).places_taken == 1
    assert Shift.objects.get(pk=cloakroom_next_week.pk).places_taken == 0


def test_a_volunteer_who_left_has_no_link_to_renew(tomas, lenka, staff):
    tomas = volunteer_leaves(tomas)
    no_link = ("volunteer_left", 409,
               cs("This volunteer has left; their details are deleted and they have no link to renew."), None)

    assert refused(lambda: check_volunteer_link_renewable(tomas)) == no_link
    assert refused(lambda: renew_volunteer_link(tomas, by=staff)) == no_link
    assert Volunteer.objects.get(pk=tomas.pk).token == tomas.token
    assert not LinkRenewal.objects.exists() and not volunteer_emails()
    check_volunteer_link_renewable(lenka)
    assert renew_volunteer_link(lenka, by=staff).volunteer == lenka


# --- Who may see what (volunteers.roles) ---------------------------------------------------------


def switched_off(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@pytest.fixture
def not_staff(organizer_a, juror, stranger):
    """Everyone who is not the keeper of the register: an organizer, a juror, anyone, nobody signed in,
    and a member of staff whose account is switched off."""
    staff_gone = make_user("odesla", group=DEPARTMENT_STAFF, is_staff=True)
    return [organizer_a, juror, stranger, AnonymousUser(), switched_off(staff_gone)]


def test_staff_see_each_volunteer_by_their_own_id_and_nobody_else_sees_any(staff, not_staff, tomas, lenka):
    assert roles.get_volunteer_for_staff(staff, tomas.pk) == tomas
    assert roles.get_volunteer_for_staff(staff, lenka.pk) == lenka
    assert roles.is_coordinator(staff)
    for user in not_staff:
        assert not roles.is_coordinator(user)
        for volunteer in (tomas, lenka):
            with pytest.raises(Http404):
                roles.get_volunteer_for_staff(user, volunteer.pk)
    with pytest.raises(Http404):
        roles.get_volunteer_for_staff(staff, max(tomas.pk, lenka.pk) + 1)


def test_a_superuser_sees_the_register_without_being_in_the_staff_group(tomas):
    boss = User.objects.create_superuser("reditel", password="heslo-pro-testy")
    assert roles.is_coordinator(boss) and roles.get_volunteer_for_staff(boss, tomas.pk) == tomas


def test_staff_see_each_shift_by_its_own_id_with_its_own_count_and_nobody_else_sees_any(
        staff, not_staff, tomas, make_shift, dance, next_week):
    # Next week's shift is opened first, so ids and times run in opposite orders: whichever order a getter
    # picks the first of a wrong set by, one of the two shifts comes back wrong.
    later = make_shift(next_week, "Šatna")
    tonight = make_shift(dance, "Pokladna")
    sign_up(tonight, tomas)

    assert [(shift, shift.confirmed_count) for shift in (
        roles.get_shift_for_staff(staff, tonight.pk), roles.get_shift_for_staff(staff, later.pk))] == [
        (tonight, 1), (later, 0)]
    for user in not_staff:
        for shift in (tonight, later):
            with pytest.raises(Http404):
                roles.get_shift_for_staff(user, shift.pk)
    with pytest.raises(Http404):
        roles.get_shift_for_staff(staff, tonight.pk + 1)


def test_a_private_link_opens_its_own_volunteer_and_none_once_they_left(tomas, lenka):
    assert roles.get_volunteer_by_token(tomas.token) == tomas
    assert roles.get_volunteer_by_token(lenka.token) == lenka

    gone = volunteer_leaves(lenka)
    for token in (lenka.token, gone.token):
        with pytest.raises(Http404):
            roles.get_volunteer_by_token(token)
    assert roles.get_volunteer_by_token(tomas.token) == tomas


def test_a_token_of_the_longest_length_opens_the_page_and_one_character_more_is_unknown(tomas, lenka):
    longest = "a" * 64
    Volunteer.objects.filter(pk=tomas.pk).update(token=longest)

    assert roles.get_volunteer_by_token(longest) == tomas
    assert roles.looks_like_token(longest) and roles.looks_like_token("-_x")
    for token in ("a" * 65, "", None, "a b", "a\x00", "tomáš", lenka.token + "="):
        assert not roles.looks_like_token(token), token
        with pytest.raises(Http404):
            roles.get_volunteer_by_token(token)
