"""The verbs of a drive: log, correct and void donations, pledge, receive a pledge, hand out, open, close,
and change a point's hours.

Every write locks the drive's row first, so closing a drive and logging a donation never cross
(on SQLite the IMMEDIATE transaction does the same), and moves `Need.received` and
`Need.pledged` with one conditional UPDATE; the PositiveIntegerField's CHECK is the backstop.
Every change leaves a `HistoryEntry` with who, when, and the row before and after.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.recurrence import RuleError
from kernel.contacts import has_impossible_character, plain
from kernel.refusals import Refusal

from .models import (
    CollectionPoint,
    Distribution,
    Donation,
    Drive,
    HistoryEntry,
    Need,
    OpeningException,
    OpeningHours,
    Pledge,
    local_today,
)
from .programme import sync_drive_series

MAX_NAME = 100
MAX_NOTE = 300
MAX_REASON = 200
# One line of a distribution larger than these is a typing mistake (a whole day at one point).
MAX_HOUSEHOLDS = 2_000
MAX_PEOPLE = 10_000
MAX_ITEMS = 50_000


class DrivesError(Refusal):
    """A refusal a person can read; `status` is the HTTP status the pages and the API answer with."""


# --- checks -------------------------------------------------------------------------------------

def clean_text(value, *, limit, field_name):
    """One line of text from a person, by the contact rules' cleaning (`kernel.contacts.plain`): spaces
    collapsed, invisible characters dropped, control characters refused; not too long."""
    text = str(value or "")
    if has_impossible_character(text):
        raise DrivesError("invalid_text", _("%(field)s contains characters that cannot be stored.")
                          % {"field": field_name})
    text = plain(text)
    if len(text) > limit:
        raise DrivesError("text_too_long", _("%(field)s is too long: at most %(limit)s characters.")
                          % {"field": field_name, "limit": limit})
    return text


def check_quantity(need, quantity):
    """A whole number from 1 to the unit's most (see models.MAX_QUANTITY)."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise DrivesError("invalid_quantity", _("Write the quantity as a whole number, for example 3."))
    if quantity < 1:
        raise DrivesError("invalid_quantity", _("The quantity must be at least 1."))
    if quantity > need.max_quantity:
        raise DrivesError(
            "quantity_too_large",
            _("%(quantity)s is more than one entry can hold (at most %(limit)s). Check the number, please.")
            % {"quantity": need.amount(quantity), "limit": need.amount(need.max_quantity)},
        )
    return quantity


def _lock_drive(drive):
    return Drive.objects.select_for_update().get(pk=drive.pk)


def _check_can_collect(drive):
    if drive.status == Drive.Status.PREPARED:
        raise DrivesError("not_running", _("The drive has not started yet, so nothing can be logged."), 409)
    if drive.status == Drive.Status.CLOSED:
        raise DrivesError(
            "drive_closed", _("The drive is closed: its donations can no longer be logged or changed."), 409,
        )


def check_can_pledge(drive, now=None):
    """Refuse in Czech when the drive takes no pledges (not started, closed or past its last day)."""
    _check_can_pledge(drive, now or timezone.now())


def _check_can_pledge(drive, now):
    if drive.status == Drive.Status.PREPARED:
        raise DrivesError("not_running", _("The drive has not started yet. Please come back when it runs."), 409)
    if drive.status == Drive.Status.CLOSED:
        raise DrivesError("drive_closed", _("The drive is closed and takes no more pledges. Thank you!"), 409)
    if drive.has_ended(now):
        raise DrivesError(
            "drive_ended",
            _("The drive ended on %(date)s and takes no more pledges. Thank you!")
            % {"date": date_format(drive.ends_on, "j. n. Y")},
            409,
        )


def _check_not_closed(drive):
    if drive.status == Drive.Status.CLOSED:
        raise DrivesError("drive_closed", _("The drive is closed and can no longer be changed."), 409)


def _need_of(drive, need):
    if need is None or need.drive_id != drive.pk:
        raise DrivesError("unknown_need", _("This drive does not collect that. Choose one of its needs."))
    return need


def _point_of(drive, point, need=None):
    if point is None or point.drive_id != drive.pk:
        raise DrivesError("unknown_point", _("Choose one of the drive's collection points."))
    if need is not None and not point.accepts_need(need):
        raise DrivesError(
            "not_accepted", _("%(point)s does not take %(need)s.") % {"point": point.name, "need": need.name},
        )
    return point


def _check_moment(drive, moment, now):
    if moment > now + timedelta(minutes=5):
        raise DrivesError("in_the_future", _("The time cannot be in the future."))
    if local_today(moment) < drive.starts_on:
        raise DrivesError("before_drive", _("The time is before the drive started."))
    return moment


def _move_need(need_id, *, received=0, pledged=0):
    """Add to the need's counters in the database itself (no read-modify-write race)."""
    changes = {}
    if received:
        changes["received"] = F("received") + received
    if pledged:
        changes["pledged"] = F("pledged") + pledged
    if changes:
        Need.objects.filter(pk=need_id).update(**changes)


def _who(user):
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()


def _record(drive, action, *, by, subject_id=None, before=None, after=None, now=None):
    return HistoryEntry.objects.create(
        drive=drive, action=action, by=by if by is not None and by.is_authenticated else None, by_name=_who(by),
        subject_id=subject_id, before=before, after=after, at=now or timezone.now(),
    )


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def donation_snapshot(donation):
    return {
        "need": donation.need_id, "point": donation.point_id, "quantity": donation.quantity,
        "donor_name": donation.donor_name, "received_at": _iso(donation.received_at), "counts": donation.counts,
        "pledge": donation.pledge_id, "void_reason": donation.void_reason,
    }


def pledge_snapshot(pledge):
    return {
        "need": pledge.need_id, "point": pledge.point_id, "quantity": pledge.quantity, "name": pledge.name,
        "note": pledge.note, "status": pledge.status, "source": pledge.source,
    }


def distribution_snapshot(distribution):
    return {
        "handed_out_on": distribution.handed_out_on.isoformat(), "point": distribution.point_id,
        "need": distribution.need_id, "households": distribution.households, "people": distribution.people,
        "items": distribution.items, "note": distribution.note, "counts": distribution.counts,
        "void_reason": distribution.void_reason,
    }


# --- donations ----------------------------------------------------------------------------------

def log_donation(need, *, point, quantity, by, donor_name="", received_at=None, pledge=None, now=None):
    """Log what arrived at a collection point; it counts toward the need at once."""
    now = now or timezone.now()
    check_quantity(need, quantity)
    donor_name = clean_text(donor_name, limit=MAX_NAME, field_name=_("The donor's name"))
    with transaction.atomic():
        drive = _lock_drive(need.drive)
        _check_can_collect(drive)
        _need_of(drive, need)
        _point_of(drive, point, need)
        received_at = _check_moment(drive, received_at or now, now)
        donation = Donation.objects.create(
            drive=drive, need=need, point=point, quantity=quantity, donor_name=donor_name,
            received_at=received_at, logged_by=by if by is not None and by.is_authenticated else None,
            pledge=pledge,
        )
        _move_need(need.pk, received=quantity)
        _record(drive, HistoryEntry.Action.DONATION_LOGGED, by=by, subject_id=donation.pk,
                after=donation_snapshot(donation), now=now)
    return donation


def _locked_donation(donation):
    donation = Donation.objects.select_for_update(of=("self",)).select_related("need", "point").get(pk=donation.pk)
    if not donation.counts:
        raise DrivesError("already_voided", _("This donation has already been voided."), 409)
    return donation


def correct_donation(donation, *, by, quantity=None, point=None, donor_name=None, now=None):
    """Fix a typing mistake: the quantity, the point or the donor's name. The change is kept in the history."""
    now = now or timezone.now()
    if quantity is not None:
        check_quantity(donation.need, quantity)
    if donor_name is not None:
        donor_name = clean_text(donor_name, limit=MAX_NAME, field_name=_("The donor's name"))
    with transaction.atomic():
        drive = _lock_drive(donation.drive)
        _check_can_collect(drive)
        donation = _locked_donation(donation)
        before = donation_snapshot(donation)
        if point is not None:
            donation.point = _point_of(drive, point, donation.need)
        if donor_name is not None:
            donation.donor_name = donor_name
        delta = 0
        if quantity is not None:
            delta = quantity - donation.quantity
            donation.quantity = quantity
        after = donation_snapshot(donation)
        if after == before:
            return donation
        donation.save()
        _move_need(donation.need_id, received=delta)
        _record(drive, HistoryEntry.Action.DONATION_CORRECTED, by=by, subject_id=donation.pk,
                before=before, after=after, now=now)
    return donation


def void_donation(donation, *, by, reason="", now=None):
    """Take a donation out of the totals (logged twice, logged by mistake); the row and its history stay.

    A donation that came from a pledge puts the pledge back among the promised ones.
    """
    now = now or timezone.now()
    reason = clean_text(reason, limit=MAX_REASON, field_name=_("The reason"))
    with transaction.atomic():
        drive = _lock_drive(donation.drive)
        _check_can_collect(drive)
        donation = _locked_donation(donation)
        before = donation_snapshot(donation)
        donation.voided_at = now
        donation.void_reason = reason
        donation.save(update_fields=["voided_at", "void_reason", "updated_at"])
        _move_need(donation.need_id, received=-donation.quantity)
        _record(drive, HistoryEntry.Action.DONATION_VOIDED, by=by, subject_id=donation.pk,
                before=before, after=donation_snapshot(donation), now=now)
        if donation.pledge_id:
            pledge = Pledge.objects.select_for_update().get(pk=donation.pledge_id)
            pledge_before = pledge_snapshot(pledge)
            pledge.status = Pledge.Status.OPEN
            pledge.save(update_fields=["status", "updated_at"])
            _move_need(pledge.need_id, pledged=pledge.quantity)
            _record(drive, HistoryEntry.Action.PLEDGE_REOPENED, by=by, subject_id=pledge.pk,
                    before=pledge_before, after=pledge_snapshot(pledge), now=now)
    return donation


# --- pledges ------------------------------------------------------------------------------------

def make_pledge(need, *, quantity, point=None, name="", note="", source=Pledge.Source.WEB, now=None):
    """A promise from the public while the drive runs and has not ended; it does not count until received."""
    now = now or timezone.now()
    check_quantity(need, quantity)
    name = clean_text(name, limit=MAX_NAME, field_name=_("The name"))
    note = clean_text(note, limit=MAX_NOTE, field_name=_("The note"))
    with transaction.atomic():
        drive = _lock_drive(need.drive)
        _check_can_pledge(drive, now)
        _need_of(drive, need)
        if point is not None:
            _point_of(drive, point, need)
        pledge = Pledge.objects.create(
            drive=drive, need=need, quantity=quantity, point=point, name=name, note=note, source=source,
        )
        _move_need(need.pk, pledged=quantity)
        _record(drive, HistoryEntry.Action.PLEDGE_MADE, by=None, subject_id=pledge.pk,
                after=pledge_snapshot(pledge), now=now)
    return pledge


def _locked_open_pledge(pledge):
    pledge = Pledge.objects.select_for_update(of=("self",)).select_related("need", "point").get(pk=pledge.pk)
    if pledge.status == Pledge.Status.RECEIVED:
        raise DrivesError("pledge_received", _("This pledge has already been marked as received."), 409)
    if pledge.status == Pledge.Status.CANCELLED:
        raise DrivesError("pledge_cancelled", _("This pledge was marked as not coming."), 409)
    return pledge


def receive_pledge(pledge, *, by, point=None, quantity=None, now=None):
    """The promised things arrived: log them as a donation (perhaps another quantity) and close the pledge."""
    now = now or timezone.now()
    if quantity is not None:
        check_quantity(pledge.need, quantity)
    with transaction.atomic():
        drive = _lock_drive(pledge.drive)
        _check_can_collect(drive)
        pledge = _locked_open_pledge(pledge)
        point = point or pledge.point
        if point is None:
            raise DrivesError("missing_point", _("Choose the collection point where it was brought."))
        before = pledge_snapshot(pledge)
        pledge.status = Pledge.Status.RECEIVED
        pledge.save(update_fields=["status", "updated_at"])
        _move_need(pledge.need_id, pledged=-pledge.quantity)
        _record(drive, HistoryEntry.Action.PLEDGE_RECEIVED, by=by, subject_id=pledge.pk,
                before=before, after=pledge_snapshot(pledge), now=now)
        donation = log_donation(
            pledge.need, point=point, quantity=quantity or pledge.quantity, by=by, donor_name=pledge.name,
            pledge=pledge, now=now,
        )
    return donation


def cancel_pledge(pledge, *, by, now=None):
    """The promised things did not come: the pledge leaves the 'promised' numbers."""
    now = now or timezone.now()
    with transaction.atomic():
        drive = _lock_drive(pledge.drive)
        _check_can_collect(drive)
        pledge = _locked_open_pledge(pledge)
        before = pledge_snapshot(pledge)
        pledge.status = Pledge.Status.CANCELLED
        pledge.save(update_fields=["status", "updated_at"])
        _move_need(pledge.need_id, pledged=-pledge.quantity)
        _record(drive, HistoryEntry.Action.PLEDGE_CANCELLED, by=by, subject_id=pledge.pk,
                before=before, after=pledge_snapshot(pledge), now=now)
    return pledge


# --- distributions ------------------------------------------------------------------------------

def _check_count(value, limit, field_name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise DrivesError("invalid_count", _("%(field)s must be a whole number.") % {"field": field_name})
    if value < 0:
        raise DrivesError("invalid_count", _("%(field)s cannot be negative.") % {"field": field_name})
    if value > limit:
        raise DrivesError("count_too_large", _("%(field)s: %(value)s is more than one entry can hold (at most "
                                               "%(limit)s). Check the number, please.")
                          % {"field": field_name, "value": value, "limit": limit})
    return value


def _check_counts(households, people, items):
    _check_count(households, MAX_HOUSEHOLDS, _("Households"))
    _check_count(people, MAX_PEOPLE, _("People"))
    _check_count(items, MAX_ITEMS, _("Items handed out"))
    if not (households or people or items):
        raise DrivesError("nothing_handed_out", _("Fill in at least one number: households, people or items."))
    if people and people < households:
        raise DrivesError("fewer_people_than_households",
                          _("There cannot be fewer people than households: every household is at least one person."))


def _check_can_hand_out(drive):
    if not drive.hands_out:
        raise DrivesError("not_handing_out", _("This drive does not hand anything out."), 409)
    if drive.status == Drive.Status.PREPARED:
        raise DrivesError("not_running", _("The drive has not started yet, so nothing can be logged."), 409)


def _is_day(value):
    # A datetime is a date to isinstance, but comparing it with the drive's dates raises TypeError.
    return isinstance(value, date) and not isinstance(value, datetime)


def _check_day(drive, day, now):
    if not _is_day(day):
        raise DrivesError("invalid_date", _("Give the day as a date."))
    if day > local_today(now):
        raise DrivesError("in_the_future", _("The day cannot be in the future."))
    if day < drive.starts_on:
        raise DrivesError("before_drive", _("The day is before the drive started."))
    return day


def record_distribution(drive, *, by, handed_out_on=None, households=0, people=0, items=0, need=None, point=None,
                        note="", now=None):
    """How many households and people were served and how many things handed out: counts, never names.

    Allowed while the drive runs and after it closed (handing out often follows the collection).
    """
    now = now or timezone.now()
    _check_counts(households, people, items)
    note = clean_text(note, limit=MAX_REASON, field_name=_("The note"))
    with transaction.atomic():
        drive = _lock_drive(drive)
        _check_can_hand_out(drive)
        handed_out_on = _check_day(drive, handed_out_on or local_today(now), now)
        if need is not None:
            _need_of(drive, need)
        if point is not None:
            _point_of(drive, point)
        distribution = Distribution.objects.create(
            drive=drive, handed_out_on=handed_out_on, households=households, people=people, items=items,
            need=need, point=point, note=note, recorded_by=by if by is not None and by.is_authenticated else None,
        )
        _record(drive, HistoryEntry.Action.DISTRIBUTION_RECORDED, by=by, subject_id=distribution.pk,
                after=distribution_snapshot(distribution), now=now)
    return distribution


def _locked_distribution(distribution):
    distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
    if not distribution.counts:
        raise DrivesError("already_voided", _("This entry has already been voided."), 409)
    return distribution


def correct_distribution(distribution, *, by, households, people, items, handed_out_on=None, note=None, now=None):
    now = now or timezone.now()
    _check_counts(households, people, items)
    if note is not None:
        note = clean_text(note, limit=MAX_REASON, field_name=_("The note"))
    with transaction.atomic():
        drive = _lock_drive(distribution.drive)
        _check_can_hand_out(drive)
        distribution = _locked_distribution(distribution)
        before = distribution_snapshot(distribution)
        distribution.households, distribution.people, distribution.items = households, people, items
        if handed_out_on is not None:
            distribution.handed_out_on = _check_day(drive, handed_out_on, now)
        if note is not None:
            distribution.note = note
        after = distribution_snapshot(distribution)
        if after == before:
            return distribution
        distribution.save()
        _record(drive, HistoryEntry.Action.DISTRIBUTION_CORRECTED, by=by, subject_id=distribution.pk,
                before=before, after=after, now=now)
    return distribution


def void_distribution(distribution, *, by, reason="", now=None):
    now = now or timezone.now()
    reason = clean_text(reason, limit=MAX_REASON, field_name=_("The reason"))
    with transaction.atomic():
        drive = _lock_drive(distribution.drive)
        _check_can_hand_out(drive)
        distribution = _locked_distribution(distribution)
        before = distribution_snapshot(distribution)
        distribution.voided_at, distribution.void_reason = now, reason
        distribution.save(update_fields=["voided_at", "void_reason", "updated_at"])
        _record(drive, HistoryEntry.Action.DISTRIBUTION_VOIDED, by=by, subject_id=distribution.pk,
                before=before, after=distribution_snapshot(distribution), now=now)
    return distribution


# --- the drive ----------------------------------------------------------------------------------

def _sync(drive):
    try:
        sync_drive_series(drive)
    except RuleError as error:
        raise DrivesError("invalid_hours", error.message) from None


def open_drive(drive, *, by, now=None):
    """Start a prepared drive: its page, pledges and collection hours go public."""
    now = now or timezone.now()
    given = drive
    with transaction.atomic():
        drive = _lock_drive(drive)
        if drive.status == Drive.Status.RUNNING:
            raise DrivesError("already_running", _("The drive is already running."), 409)
        _check_not_closed(drive)
        if not drive.needs.exists():
            raise DrivesError("no_needs", _("Add at least one need before starting the drive."), 409)
        drive.status = Drive.Status.RUNNING
        drive.save(update_fields=["status", "updated_at"])
        _sync(drive)
        _record(drive, HistoryEntry.Action.DRIVE_OPENED, by=by, subject_id=drive.pk,
                before={"status": Drive.Status.PREPARED}, after={"status": drive.status}, now=now)
    given.status = drive.status
    return drive


def close_drive(drive, *, by, now=None):
    """Close a drive for good: nothing more is logged or pledged, and its hours leave the programme."""
    now = now or timezone.now()
    given = drive
    with transaction.atomic():
        drive = _lock_drive(drive)
        if drive.status == Drive.Status.CLOSED:
            raise DrivesError("already_closed", _("The drive is already closed."), 409)
        before = {"status": drive.status}
        drive.status = Drive.Status.CLOSED
        drive.closed_at = now
        drive.save(update_fields=["status", "closed_at", "updated_at"])
        _sync(drive)
        _record(drive, HistoryEntry.Action.DRIVE_CLOSED, by=by, subject_id=drive.pk, before=before,
                after={"status": drive.status}, now=now)
    given.status, given.closed_at = drive.status, drive.closed_at
    return drive


# --- opening hours ------------------------------------------------------------------------------

def _hours_snapshot(point):
    return {
        "point": point.pk,
        "hours": [[hours.weekday, hours.opens.strftime("%H:%M"), hours.closes.strftime("%H:%M")]
                  for hours in point.hours.order_by("weekday", "opens")],
        "exceptions": [[exception.date.isoformat(), exception.closed,
                        exception.opens.strftime("%H:%M") if exception.opens else None,
                        exception.closes.strftime("%H:%M") if exception.closes else None, exception.note]
                       for exception in point.exceptions.order_by("date")],
    }


def _check_times(opens, closes):
    if not isinstance(opens, time) or not isinstance(closes, time):
        raise DrivesError("invalid_time", _("Give the opening and closing times, for example 9:00 and 12:00."))
    if closes <= opens:
        raise DrivesError("closes_before_opening", _("The closing time must be after the opening time."))


def _change_hours(point, by, now, change):
    """Lock the drive, apply `change`, resync the programme and keep the before/after in the history."""
    now = now or timezone.now()
    with transaction.atomic():
        drive = _lock_drive(point.drive)
        _check_not_closed(drive)
        point = CollectionPoint.objects.get(pk=point.pk)
        before = _hours_snapshot(point)
        result = change(drive, point)
        _sync(drive)
        _record(drive, HistoryEntry.Action.HOURS_CHANGED, by=by, subject_id=point.pk, before=before,
                after=_hours_snapshot(point), now=now)
    return result


def add_opening_hours(point, *, weekday, opens, closes, by, now=None):
    """A weekly slot, e.g. Tuesday 9:00–12:00; it must not overlap another slot of the same day."""
    _check_times(opens, closes)
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise DrivesError("invalid_weekday", _("Choose a day of the week."))

    def change(drive, point):
        for other in point.hours.filter(weekday=weekday):
            if other.opens < closes and opens < other.closes:
                raise DrivesError("hours_overlap", _("These hours overlap %(other)s.") % {"other": str(other)})
        return OpeningHours.objects.create(point=point, weekday=weekday, opens=opens, closes=closes)

    return _change_hours(point, by, now, change)


def remove_opening_hours(hours, *, by, now=None):
    def change(drive, point):
        OpeningHours.objects.filter(pk=hours.pk, point=point).delete()

    return _change_hours(hours.point, by, now, change)


def set_exception(point, *, day, closed=True, opens=None, closes=None, note="", by, now=None):
    """A day that differs from the week: closed, or open at other hours. Replaces that day's earlier exception."""
    note = clean_text(note, limit=200, field_name=_("The note"))
    if not _is_day(day):
        raise DrivesError("invalid_date", _("Give the day as a date."))
    if closed:
        opens = closes = None
    else:
        _check_times(opens, closes)

    def change(drive, point):
        if not drive.starts_on <= day <= drive.ends_on:
            raise DrivesError(
                "outside_drive",
                _("The day must be within the drive, from %(start)s to %(end)s.")
                % {"start": date_format(drive.starts_on, "j. n. Y"), "end": date_format(drive.ends_on, "j. n. Y")},
            )
        exception, _created = OpeningException.objects.update_or_create(
            point=point, date=day, defaults={"closed": closed, "opens": opens, "closes": closes, "note": note},
        )
        return exception

    return _change_hours(point, by, now, change)


def remove_exception(exception, *, by, now=None):
    def change(drive, point):
        OpeningException.objects.filter(pk=exception.pk, point=point).delete()

    return _change_hours(exception.point, by, now, change)


def resync(drive):
    """After the admin saved a drive, its points or hours: bring the programme in step."""
    with transaction.atomic():
        _sync(_lock_drive(drive))
