"""What the register keeps is what staff gave it: every detail of a volunteer, a shift and a check,
and nothing made up where a detail was left out."""

from datetime import timedelta

from django.utils import timezone

from volunteers.models import Assignment, CheckKind, VolunteerCheck
from volunteers.services import add_volunteer, ask, open_shift, record_check, sign_up, update_volunteer


def test_a_new_volunteer_keeps_both_contacts_and_one_left_out_stays_empty(db):
    both = add_volunteer(name="Anna Králová", email="anna@seznam.cz", phone="724 555 666", consent=True)
    email_only = add_volunteer(name="Karel Dvořák", email="karel@seznam.cz", consent=True)
    phone_only = add_volunteer(name="Eva Malá", phone="603 222 333", consent=True)

    for volunteer in (both, email_only, phone_only):
        volunteer.refresh_from_db()
    assert (both.email, both.phone) == ("anna@seznam.cz", "+420724555666")
    assert (email_only.email, email_only.phone) == ("karel@seznam.cz", "")
    assert (phone_only.email, phone_only.phone) == ("", "+420603222333")


def test_editing_without_an_email_keeps_none(tomas):
    update_volunteer(tomas, name="Tomáš Veselý", phone="603 111 222")

    tomas.refresh_from_db()
    assert (tomas.email, tomas.phone) == ("", "+420603111222")
    update_volunteer(tomas, name="Tomáš Veselý", email="tomas@seznam.cz")
    tomas.refresh_from_db()
    assert (tomas.email, tomas.phone) == ("tomas@seznam.cz", "")


def test_two_kinds_of_check_are_kept_side_by_side(tomas):
    today = timezone.localdate()
    record_check(tomas, kind=CheckKind.CRIMINAL_RECORD, checked_on=today, valid_until=today + timedelta(days=365))
    record_check(tomas, kind=CheckKind.FIRST_AID, checked_on=today - timedelta(days=10),
                 valid_until=today + timedelta(days=700))

    kept = dict(VolunteerCheck.objects.filter(volunteer=tomas).values_list("kind", "valid_until"))
    assert kept == {CheckKind.CRIMINAL_RECORD: today + timedelta(days=365),
                    CheckKind.FIRST_AID: today + timedelta(days=700)}


def _shift(dance, **changes):
    starts_at = dance.start - timedelta(minutes=30)
    details = {"role": "Šatna", "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=4),
               "places_needed": 2, "now": starts_at - timedelta(days=1), **changes}
    return open_shift(dance, **details)


def test_a_shift_keeps_who_opened_it_its_check_and_its_note(dance, staff):
    shift = _shift(dance, by=staff, required_check=CheckKind.CRIMINAL_RECORD, note="  Vchod ze dvora.  ")

    shift.refresh_from_db()
    assert (shift.created_by, shift.required_check, shift.note) == (staff, CheckKind.CRIMINAL_RECORD,
                                                                    "Vchod ze dvora.")
    plain = _shift(dance, role="Úklid")
    plain.refresh_from_db()
    assert (plain.required_check, plain.note, plain.created_by) == ("", "", None)


def test_a_long_role_and_note_are_kept_to_their_columns(dance):
    shift = _shift(dance, role="R" * 151, note="N" * 301)

    shift.refresh_from_db()
    assert (len(shift.role), len(shift.note)) == (150, 300)


def test_signing_up_is_confirmed_at_that_moment_and_being_asked_is_not_yet(cloakroom, tomas, lenka, staff):
    moment = cloakroom.starts_at - timedelta(days=2)

    signed = sign_up(cloakroom, tomas, now=moment)
    asked = ask(cloakroom, lenka, by=staff, now=moment)

    signed, asked = (Assignment.objects.get(pk=a.pk) for a in (signed, asked))
    assert (signed.status, signed.confirmed_at) == (Assignment.Status.CONFIRMED, moment)
    assert (asked.status, asked.confirmed_at, asked.asked_by) == (Assignment.Status.ASKED, None, staff)


def test_a_volunteer_already_on_one_shift_may_take_another_shift_of_the_same_evening(
    cloakroom, make_shift, dance, tomas, lenka,
):
    later = make_shift(dance, "Úklid", start_offset=cloakroom.ends_at - dance.start, length=timedelta(hours=1))
    moment = cloakroom.starts_at - timedelta(days=2)
    sign_up(cloakroom, lenka, now=moment)  # somebody else on the first shift does not block Tomáš

    sign_up(cloakroom, tomas, now=moment)
    sign_up(later, tomas, now=moment)

    assert Assignment.objects.filter(volunteer=tomas).count() == 2


