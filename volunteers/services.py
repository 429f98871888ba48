"""The verbs of the volunteer register: checks, shifts, sign-ups, attendance, leaving, private links.

Every refusal is a `VolunteersError` with a code, a Czech message and the HTTP status the
pages and the API answer with; nothing is changed when one is raised. Places on a shift are
taken with a conditional UPDATE (`places_taken + 1 <= places_needed`), and a volunteer's row is
locked while their shifts are checked for overlaps and while their details or a check are written,
so a leaving recorded in between is never undone. (The Anděl award's verbs are in
`awards.services`; it shares the contact rules, `kernel.contacts`.)
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.contacts import ContactRules, plain
from kernel.refusals import Refusal
from messaging import outbox

from .models import Assignment, LinkRenewal, Shift, Volunteer, VolunteerCheck, new_token

REMINDER_DAYS_BEFORE = 2


class VolunteersError(Refusal):
    """A refusal a person can read; `status` is the HTTP status the pages and the API answer with."""


def _notify(kind, object_id, *, dedupe_key=None):
    """Record an e-mail with the change (messaging.outbox); the worker sends it once, after the commit."""
    outbox.queue(kind, object_id, dedupe_key=dedupe_key)


# --- The volunteer register ------------------------------------------------------------------

# The contact rules every app shares (kernel.contacts), refusing as the volunteer register does.
contacts = ContactRules(VolunteersError)


def check_volunteer_contact(email, phone):
    return contacts.phone_and_email(
        email, phone, missing_message=_("Give a phone number or an e-mail of the volunteer."), missing_field="email",
    )


def volunteer_name(name):
    return contacts.name(name, empty_message=_("Write the name, please."))


def check_volunteer_details(name, email, phone):
    """The name and contacts as the register keeps them; a refusal names the field to correct."""
    return (volunteer_name(name), *check_volunteer_contact(email, phone))


# What staff write about a volunteer besides name and contacts.
DETAILS = ("weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends", "availability_note", "active")


def add_volunteer(*, name, email="", phone="", consent, skills=(), now=None, **details):
    """A new volunteer in the register, with the moment they agreed that their details are kept.

    The register keeps nobody's details without that agreement (GDPR), so it is refused here, and
    the time it was given is set here, whichever page or script adds the volunteer.
    """
    if not consent:
        raise VolunteersError(
            "no_consent", _("Without the volunteer's agreement their details cannot be kept."), field="consent",
        )
    name, email, phone = check_volunteer_details(name, email, phone)
    with transaction.atomic():
        volunteer = Volunteer.objects.create(
            name=name, email=email, phone=phone, consent_at=now or timezone.now(), **_known(details),
        )
        volunteer.skills.set(skills)
    return volunteer


def update_volunteer(volunteer, *, name, email="", phone="", skills=(), **details):
    """New details of a volunteer; the consent they gave stays as it was given.

    Whether they left is read from their locked row, not from `volunteer` as a page read it, and
    only the details are written: a leaving or a new link recorded meanwhile is not undone.
    """
    with transaction.atomic():
        _refuse_if_left(volunteer)
        volunteer.name, volunteer.email, volunteer.phone = check_volunteer_details(name, email, phone)
        details = _known(details)
        for field, value in details.items():
            setattr(volunteer, field, value)
        volunteer.save(update_fields=["name", "email", "phone", *details])
        volunteer.skills.set(skills)
    return volunteer


def _refuse_if_left(volunteer):
    """Lock the volunteer's row (call inside a transaction); refused when they have left."""
    if Volunteer.objects.select_for_update().get(pk=volunteer.pk).is_anonymised:
        raise VolunteersError("volunteer_left", _("This volunteer has left; their details are no longer kept."), 409)


def _known(details):
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise TypeError(f"not a volunteer's detail: {', '.join(sorted(unknown))}")
    if "availability_note" in details:
        details["availability_note"] = contacts.text(details["availability_note"], field="availability_note")
    return details


def record_check(volunteer, *, kind, checked_on, valid_until, by=None, today=None):
    """Keep the dates of a check (e.g. a criminal-record extract); the document itself is never stored."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _refuse_if_left(volunteer)
        if checked_on > today:
            raise VolunteersError("check_in_future", _("The check cannot be dated in the future."))
        if valid_until < checked_on:
            raise VolunteersError("check_dates", _("The check cannot be valid until a day before it was made."))
        check, _created = VolunteerCheck.objects.update_or_create(
            volunteer=volunteer, kind=kind,
            defaults={"checked_on": checked_on, "valid_until": valid_until, "recorded_by": by},
        )
    return check


def open_shift(occurrence, *, role, starts_at, ends_at, places_needed, required_check="", note="", by=None,
               now=None):
    now = now or timezone.now()
    role = plain(contacts.text(role, field="role"))
    note = contacts.text(note, field="note").strip()
    if not role:
        raise VolunteersError("invalid_role", _("Write what the volunteers will do (the role)."))
    if occurrence.is_cancelled:
        raise VolunteersError("date_cancelled", _("This date is cancelled; it needs no volunteers."), 409)
    if ends_at <= starts_at:
        raise VolunteersError("invalid_times", _("The shift must end after it starts."))
    if ends_at - starts_at > timedelta(hours=16):
        raise VolunteersError("invalid_times", _("One shift can last at most 16 hours."))
    if starts_at <= now:
        raise VolunteersError("shift_in_past", _("A shift can only be opened for a time still to come."))
    # True is an int to Python, not a number of people.
    if isinstance(places_needed, bool) or not isinstance(places_needed, int) or not 1 <= places_needed <= 500:
        raise VolunteersError("invalid_places", _("The number of people needed must be between 1 and 500."))
    return Shift.objects.create(
        occurrence=occurrence, role=role[:150], starts_at=starts_at, ends_at=ends_at, places_needed=places_needed,
        required_check=required_check or "", note=note[:300], created_by=by,
    )


def _overlapping(volunteer, shift):
    return (
        Assignment.objects.live().filter(volunteer=volunteer)
        .filter(shift__starts_at__lt=shift.ends_at, shift__ends_at__gt=shift.starts_at)
        .exclude(shift=shift).select_related("shift").first()
    )


def _check_can_take(volunteer, shift, now):
    if volunteer.is_anonymised or not volunteer.active:
        raise VolunteersError("volunteer_inactive", _("This volunteer is not active."), 409)
    if shift.has_started(now):
        raise VolunteersError("shift_started", _("This shift has already started."), 409)
    if shift.occurrence.is_cancelled:
        raise VolunteersError("date_cancelled", _("This date is cancelled; it needs no volunteers."), 409)
    if shift.required_check:
        day = timezone.localdate(shift.starts_at)
        check = volunteer.checks.filter(kind=shift.required_check).first()
        if check is None or not check.covers(day):
            raise VolunteersError(
                "check_missing",
                _("This role needs a valid check (%(check)s) on the day of the shift.")
                % {"check": shift.get_required_check_display()},
                409,
            )
    if Assignment.objects.live().filter(volunteer=volunteer, shift=shift).exists():
        raise VolunteersError("already_on_shift", _("The volunteer is already on this shift."), 409)
    clash = _overlapping(volunteer, shift)
    if clash:
        start = timezone.localtime(clash.shift.starts_at)
        end = timezone.localtime(clash.shift.ends_at)
        raise VolunteersError(
            "overlap",
            _("The volunteer already has another shift at that time: %(role)s, %(day)s %(start)s–%(end)s.") % {
                "role": clash.shift.role, "day": f"{start:%d. %m. %Y}", "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
            },
            409,
        )


def _take_place(shift_id):
    return bool(
        Shift.objects.filter(pk=shift_id, places_taken__lt=F("places_needed"))
        .update(places_taken=F("places_taken") + 1)
    )


def _free_place(shift_id):
    Shift.objects.filter(pk=shift_id, places_taken__gt=0).update(places_taken=F("places_taken") - 1)


def _join(shift, volunteer, *, status, asked_by=None, now=None):
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One volunteer's shifts are decided one at a time: two overlapping sign-ups cannot both pass.
            volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
            shift = Shift.objects.select_related("occurrence").get(pk=shift.pk)
            _check_can_take(volunteer, shift, now)
            if not _take_place(shift.pk):
                raise VolunteersError("shift_full", _("Sorry, this shift already has all the people it needs."),
                                      409)
            assignment = Assignment.objects.create(
                shift=shift, volunteer=volunteer, status=status, asked_by=asked_by,
                confirmed_at=now if status == Assignment.Status.CONFIRMED else None,
            )
            if status == Assignment.Status.ASKED and volunteer.email:
                _notify("volunteers.messages.shift_request", assignment.pk)
            return assignment
    except IntegrityError:
        # The same volunteer put on the same shift by two requests at once: the first one stands.
        raise VolunteersError("already_on_shift", _("The volunteer is already on this shift."), 409) from None
    except OperationalError:
        raise VolunteersError("busy", _("Many people are signing up right now. Please try again in a moment."),
                              503) from None


def sign_up(shift, volunteer, *, now=None):
    """The volunteer takes a place from their private page: confirmed at once."""
    return _join(shift, volunteer, status=Assignment.Status.CONFIRMED, now=now)


def ask(shift, volunteer, *, by, now=None):
    """Staff ask a volunteer: the place is held until they confirm or decline from their private link."""
    return _join(shift, volunteer, status=Assignment.Status.ASKED, asked_by=by, now=now)


def _locked_assignment(assignment):
    return Assignment.objects.select_for_update().select_related("shift").get(pk=assignment.pk)


def confirm(assignment, *, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        if not assignment.is_live:
            raise VolunteersError("not_live", _("This place on the shift is no longer yours."), 409)
        if assignment.shift.has_started(now):
            raise VolunteersError("shift_started", _("This shift has already started."), 409)
        if assignment.is_asked:
            assignment.status, assignment.confirmed_at = Assignment.Status.CONFIRMED, now
            assignment.save(update_fields=["status", "confirmed_at"])
    return assignment


def decline(assignment, *, now=None):
    """The volunteer cannot come: the place frees up for someone else."""
    return _end(assignment, Assignment.Status.DECLINED, now=now)


def cancel_assignment(assignment, *, now=None):
    """Staff take the volunteer off the shift."""
    return _end(assignment, Assignment.Status.CANCELLED, now=now)


def _end(assignment, status, *, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        if not assignment.is_live:
            raise VolunteersError("not_live", _("This place on the shift is no longer taken."), 409)
        if assignment.shift.has_started(now):
            raise VolunteersError("shift_started", _("This shift has already started."), 409)
        assignment.status, assignment.ended_at = status, now
        assignment.save(update_fields=["status", "ended_at"])
        _free_place(assignment.shift_id)
    return assignment


def mark_attendance(assignment, *, attended, hours=None, by=None, now=None):
    """After the shift has started, staff mark who came; the hours count for the volunteer's year."""
    now = now or timezone.now()
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        if not assignment.is_live:
            raise VolunteersError("not_live", _("This volunteer is no longer on the shift."), 409)
        if not assignment.shift.has_started(now):
            raise VolunteersError("too_early", _("Who came can be marked only once the shift has started."), 409)
        if attended:
            if hours in (None, ""):
                hours = assignment.shift.hours
            try:
                hours = Decimal(str(hours)).quantize(Decimal("0.01"))
            except (InvalidOperation, ValueError):
                hours = None
            # What the refusal says and the page's field steps by; NaN passes quantize but no comparison.
            if hours is None or not hours.is_finite() or not Decimal("0.25") <= hours <= Decimal(24):
                raise VolunteersError("invalid_hours", _("Write the hours as a number from 0.25 to 24."))
        else:
            hours = Decimal(0)
        assignment.attended, assignment.hours = bool(attended), hours
        assignment.attendance_marked_by, assignment.attendance_marked_at = by, now
        assignment.save(update_fields=["attended", "hours", "attendance_marked_by", "attendance_marked_at"])
    return assignment


def volunteer_leaves(volunteer, *, now=None):
    """Forget who the volunteer was; their past shifts and hours stay for the statistics.

    Places they held on future shifts are freed, the private link stops working.
    """
    now = now or timezone.now()
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if volunteer.is_anonymised:
            raise VolunteersError("volunteer_left", _("This volunteer has already left."), 409)
        future = list(Assignment.objects.live().filter(volunteer=volunteer, shift__starts_at__gt=now))
        for assignment in future:
            Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.CANCELLED, ended_at=now)
            _free_place(assignment.shift_id)
        volunteer.checks.all().delete()
        volunteer.skills.clear()
        outbox.forget_recipients([volunteer.email])
        Volunteer.objects.filter(pk=volunteer.pk).update(
            name="—", email="", phone="", availability_note="", weekday_mornings=False, weekday_afternoons=False,
            weekday_evenings=False, weekends=False, active=False, left_at=now, anonymised_at=now, token=new_token(),
        )
    volunteer.refresh_from_db()
    return volunteer


def check_volunteer_link_renewable(volunteer):
    """A volunteer who left has no private link any more: nothing to renew."""
    if volunteer.is_anonymised:
        raise VolunteersError(
            "volunteer_left", _("This volunteer has left; their details are deleted and they have no link to renew."),
            409,
        )


def renew_volunteer_link(volunteer, *, by, now=None):
    """A private link leaked (a forwarded e-mail, a shared PC): the old one stops working at once.

    The new link is e-mailed to the address on file, if there is one; otherwise staff pass it on.
    Returns the `LinkRenewal` kept for the audit; its `volunteer` carries the new token.
    """
    now = now or timezone.now()
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        check_volunteer_link_renewable(volunteer)
        volunteer.token = new_token()
        volunteer.save(update_fields=["token"])
        renewal = LinkRenewal.objects.create(volunteer=volunteer, by=by, at=now, emailed=bool(volunteer.email))
        if renewal.emailed:
            _notify("volunteers.messages.new_volunteer_link", volunteer.pk)
    return renewal


