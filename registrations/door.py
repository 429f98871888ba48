"""The door: who may work it, the answer to a scanned ticket, undo, walk-ins, the scans a phone
queued offline, and what the phone reads (today's list, the counter, the name search).

The scanner page (`registrations.scanner_views`), the API (`api.checkins`) and the paper list
(`registrations.paper`) only parse and show; every decision at the door is made here.
"""

import hashlib
import json
import re
from datetime import UTC, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import JSONObject, Now
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Occurrence
from events.roles import may_manage_expression
from kernel.contacts import name_key

from .codes import ALPHABET, clean_code
from .models import Person, Registration, RegistrationAction, Scan
from .selectors import people_findable_by
from .services import RegistrationError, check_seats, contacts, lock_date, record_action, staff_member, take_seats

# Tickets of other dates of the series that the phone keeps, to say "another date" offline.
OTHER_DATES_BEFORE = timedelta(days=60)
OTHER_DATES_AFTER = timedelta(days=120)
SEARCH_LIMIT = 30
MAX_NONCE = 64


# --- Who may work the door -------------------------------------------------------------------


class NoSuchDate(RegistrationError):
    """A date that does not exist, or whose door the user may not work: the same answer to both."""

    def __init__(self):
        super().__init__("unknown_occurrence", _("No such date."), 404)


def date_at_door(user, pk):
    """The date whose door `user` may work (department staff, the organizers of its series), in one query.

    Anyone else is refused as if the date did not exist (`NoSuchDate`, 404), on the page and in
    the API alike: an organizer trying numbers learns nothing about other people's dates, as on
    every staff page (`kernel.pages.page_for`).
    """
    occurrence = (
        Occurrence.objects.select_related("series", "series__venue", "venue")
        .filter(pk=pk).filter(may_manage_expression(user)).order_by().first()
    )
    if occurrence is None:
        raise NoSuchDate()
    return occurrence


# --- Words ------------------------------------------------------------------------------------


def door_date(moment):
    """A date as the door says it, in Prague: 9. 12. 2026 18:00."""
    local = timezone.localtime(moment)
    return f"{local.day}. {local.month}. {local.year} {local:%H:%M}"


def seats_text(seats):
    return ngettext("%(count)s person", "%(count)s people", seats) % {"count": seats}


def _local_time(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def ticket_fingerprint(code):
    """What the phone keeps of another date's ticket: enough to recognise it, not to use it."""
    return hashlib.sha256(code.encode()).hexdigest()[:20]


# --- Reads ------------------------------------------------------------------------------------


def _admission_of_row():
    return Scan.objects.admissions().filter(registration=OuterRef("pk")).order_by()


def with_admission(registrations):
    """Each registration with when it was admitted and by whom (first name, last name, user name)."""
    return registrations.annotate(
        admitted_at=Subquery(_admission_of_row().values("scanned_at")[:1]),
        admitted_by_first=Subquery(_admission_of_row().values("by__first_name")[:1]),
        admitted_by_last=Subquery(_admission_of_row().values("by__last_name")[:1]),
        admitted_by_username=Subquery(_admission_of_row().values("by__username")[:1]),
    )


def admitted_by(registration):
    """Who let the registration in, from the names read with its admission ('' when nobody did)."""
    first = getattr(registration, "admitted_by_first", "") or ""
    last = getattr(registration, "admitted_by_last", "") or ""
    return f"{first} {last}".strip() or getattr(registration, "admitted_by_username", "") or ""


def door_list(occurrence):
    """Every registration of the date with its admission, for the scanner to keep offline.

    Times are in Prague. The tickets of the series' other dates around this one come as
    fingerprints grouped by date, so the phone can say "another date: 9. 12. 18:00" offline
    without holding codes that open someone's ticket page.
    """
    registrations = with_admission(
        Registration.objects.filter(occurrence=occurrence).select_related("person")
    ).order_by("person__name", "id")
    entries = [
        {
            "code": registration.code,
            "name": registration.person.name if registration.person else "",
            "seats": registration.seats,
            "status": registration.status,
            "needs": registration.needs,
            "checked_in_at": timezone.localtime(registration.admitted_at).isoformat()
            if registration.admitted_at else None,
            "checked_in_by": admitted_by(registration) if registration.admitted_at else "",
            # The phone's digits, so the phone finds someone by however many last digits are typed,
            # as door_search does (four would match anyone sharing them). The organizer reads the
            # same numbers on the date's list.
            "phone_digits": re.sub(r"\D", "", registration.person.phone) if registration.person else "",
        }
        for registration in registrations
    ]
    others = (
        Registration.objects.filter(
            occurrence__series_id=occurrence.series_id,
            occurrence__start__range=(occurrence.start - OTHER_DATES_BEFORE, occurrence.start + OTHER_DATES_AFTER),
        ).exclude(occurrence_id=occurrence.pk)
        .order_by("occurrence__start", "id").values_list("code", "occurrence__start")
    )
    other_dates = {}
    for code, start in others:
        other_dates.setdefault(start, []).append(ticket_fingerprint(code))
    return entries, [
        {"start": timezone.localtime(start).isoformat(), "label": door_date(start), "tickets": tickets}
        for start, tickets in other_dates.items()
    ]


def door_counts(occurrence):
    """Seats checked in and seats registered (confirmed), for the live counter."""
    admitted = Scan.objects.admissions().filter(occurrence=occurrence).aggregate(
        seats=Sum("registration__seats"), tickets=Count("id"),
    )
    registered = Registration.objects.filter(occurrence=occurrence).aggregate(
        seats=Sum("seats", filter=Q(status=Registration.Status.CONFIRMED)),
    )
    return {
        "checked_in_seats": admitted["seats"] or 0,
        "checked_in_tickets": admitted["tickets"] or 0,
        "registered_seats": registered["seats"] or 0,
    }


def offline_list(occurrence):
    """What a phone downloads to work the door without a network: the counter, the list, other dates."""
    registrations, other_dates = door_list(occurrence)
    return {"occurrence": occurrence.pk, **door_counts(occurrence), "registrations": registrations,
            "other_dates": other_dates}


def door_search(occurrence, text):
    """The date's registrations found by part of the name (accents and case ignored), the last digits
    of the phone, or the start of the ticket code; each with its admission, in one query."""
    text = " ".join((text or "").split())
    words = name_key(text).split()
    if len(text) < 2 or not words:
        return []
    match = Q()
    for word in words:
        match &= Q(person__name_key__contains=word)
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 3:
        match |= Q(person__phone__endswith=digits)
    compact = re.sub(r"[\s\-–]", "", text).upper()
    if len(compact) >= 4 and all(char in ALPHABET for char in compact):
        match |= Q(code__startswith=compact)
    found = with_admission(
        Registration.objects.filter(occurrence=occurrence, person__anonymised_at__isnull=True)
        .filter(match).select_related("person")
    ).order_by("person__name", "id")[:SEARCH_LIMIT]
    return list(found)


# --- A scanned ticket ------------------------------------------------------------------------


def _door_message(status, admitted_at=None, admitted_by="", right=None):
    if status == Scan.Status.OK:
        return _("Entry allowed")
    if status == Scan.Status.ALREADY:
        if admitted_by:
            return _("Already inside since %(time)s, admitted by %(who)s") % {
                "time": _local_time(admitted_at), "who": admitted_by,
            }
        return _("Already inside since %(time)s") % {"time": _local_time(admitted_at)}
    if status == Scan.Status.CANCELLED:
        return _("The registration is cancelled")
    if status == Scan.Status.WAITING:
        return _("On the waiting list: no place")
    if status == Scan.Status.WRONG:
        return _("The ticket is for another date: %(title)s, %(when)s") % {
            "title": right.series.title, "when": door_date(right.start),
        }
    return _("Unknown code")


def _ticket_with_admission(compact, by=None):
    """The ticket, its person and date, its admission if any, and whether `by` manages its date, in one query."""
    admission = _admission_of_row().values(
        at=JSONObject(at="scanned_at", first="by__first_name", last="by__last_name", username="by__username")
    )[:1]
    registration = (
        Registration.objects.select_related("person", "occurrence__series")
        .annotate(admission=Subquery(admission), by_manages_its_date=may_manage_expression(by, "occurrence__series_id"))
        .filter(code=compact).order_by()[:1]
    )
    registration = next(iter(registration), None)
    if registration is not None:
        _unpack_admission(registration)
    return registration


def _unpack_admission(registration):
    """Spread the admission read as one JSON object onto the registration, as `with_admission` names it."""
    admission = registration.admission
    if isinstance(admission, str):
        admission = json.loads(admission)
    admission = admission or {}
    moment = admission.get("at")
    if isinstance(moment, str):
        moment = parse_datetime(moment.replace(" ", "T"))
        if moment is not None and timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)
    registration.admitted_at = moment
    registration.admitted_by_first = admission.get("first") or ""
    registration.admitted_by_last = admission.get("last") or ""
    registration.admitted_by_username = admission.get("username") or ""


def _decide(registration, occurrence_id):
    if registration is None:
        return Scan.Status.UNKNOWN
    if registration.occurrence_id != occurrence_id:
        return Scan.Status.WRONG
    if registration.is_cancelled:
        return Scan.Status.CANCELLED
    if registration.is_waitlisted:
        return Scan.Status.WAITING
    if registration.admitted_at is not None:
        return Scan.Status.ALREADY
    return Scan.Status.OK


def _door_answer(status, registration, scanned_at, *, conflict=False):
    answer = {
        "status": status, "name": "", "seats": 0, "seats_text": "", "needs": [], "code": "",
        "checked_in_at": None, "checked_in_by": "", "occurrence": None, "conflict": conflict,
        "scanned_at": timezone.localtime(scanned_at).isoformat(),
    }
    right = None
    if registration is not None:
        right = registration.occurrence
        answer.update(
            name=registration.person.name if registration.person else "", seats=registration.seats,
            seats_text=seats_text(registration.seats), needs=registration.needs, code=registration.display_code,
            occurrence={
                "id": right.pk, "title": right.series.title, "start": timezone.localtime(right.start).isoformat(),
            },
        )
    if status == Scan.Status.WRONG:
        answer["needs"] = []  # another event's attendee: the door needs the right date, not their health
    when, who = None, ""
    if status == Scan.Status.ALREADY:
        when, who = registration.admitted_at, admitted_by(registration)
        answer.update(checked_in_at=timezone.localtime(when).isoformat(), checked_in_by=who)
    answer["message"] = _door_message(status, when, who, right)
    return answer


def _foreign_ticket_answer(right, scanned_at):
    """A ticket of a date this organizer does not organize: its date, and nothing of its holder."""
    answer = _door_answer(Scan.Status.UNKNOWN, None, scanned_at)
    answer.update(status=Scan.Status.WRONG, message=_("Ticket for another date: %(when)s") % {
        "when": door_date(right.start),
    })
    return answer


def _valid_nonce(nonce):
    nonce = (nonce or "").strip()
    if not nonce or len(nonce) > MAX_NONCE:
        raise RegistrationError("invalid_nonce", _("The scanner sent no valid request number (nonce)."))
    return nonce


def _stored_answer(nonce, occurrence):
    """The answer already given to this request; a nonce from another date's door is refused."""
    stored = next(iter(Scan.objects.filter(nonce=nonce).order_by().values_list("answer", "occurrence_id")[:1]), None)
    if stored is None:
        return None
    answer, occurrence_id = stored
    if occurrence_id != occurrence.pk:
        raise RegistrationError("invalid_nonce", _("The scanner sent no valid request number (nonce)."))
    return answer


def _door_scan(occurrence, by, **fields):
    """A scan made at this door by `by`, named so the date's history keeps who admitted after the account goes."""
    return Scan(occurrence=occurrence, by=by, by_name=staff_member(by)[1], **fields)


def check_in(occurrence, *, code, nonce, by, scanned_at=None, offline=False, locally_admitted=False, now=None):
    """Decide at the door whether a ticket lets its holder in, and remember the answer by nonce.

    Answers one of: ok, already_checked_in (with the time and who), cancelled, waiting_list,
    wrong_occurrence (with the right date) or unknown. The same nonce again returns the same
    answer and changes nothing. A scan queued offline keeps the time it was made; when the
    phone had admitted someone that another phone admitted first, the answer is a conflict.
    The stored scan "ok" is the admission's record (who, when, which ticket) in the date's history.
    """
    nonce = _valid_nonce(nonce)
    stored = _stored_answer(nonce, occurrence)
    if stored is not None:
        return stored
    now = now or timezone.now()
    scanned_at = min(scanned_at or now, now)  # a phone whose clock runs ahead is not believed
    compact = clean_code(code)
    registration = _ticket_with_admission(compact, by) if compact else None
    status = _decide(registration, occurrence.pk)
    if status == Scan.Status.WRONG and not registration.by_manages_its_date:
        # Knowing a ticket code is no key to its holder: this door learns the date, and keeps
        # neither the person nor the code in its log.
        scan = _door_scan(occurrence, by, nonce=nonce, status=status, scanned_at=scanned_at, offline=offline)
        scan.answer = _foreign_ticket_answer(registration.occurrence, scanned_at)
        try:
            with transaction.atomic():
                scan.save()
        except IntegrityError:  # the same nonce, sent twice at once
            return _stored_answer(nonce, occurrence) or scan.answer
        return scan.answer
    scan = _door_scan(
        occurrence, by, nonce=nonce, registration=registration, code=compact or (code or "")[:MAX_NONCE],
        status=status, scanned_at=scanned_at, offline=offline,
    )
    conflict = status == Scan.Status.ALREADY and offline and locally_admitted
    scan.answer = _door_answer(status, registration, scanned_at, conflict=conflict)
    try:
        with transaction.atomic():
            scan.save()
    except IntegrityError:
        # Another request with this nonce, or another phone admitting this ticket, was first.
        stored = _stored_answer(nonce, occurrence)
        if stored is not None:
            return stored
        registration = _ticket_with_admission(compact)
        scan.pk, scan.status = None, Scan.Status.ALREADY
        scan.answer = _door_answer(Scan.Status.ALREADY, registration, scanned_at, conflict=offline and locally_admitted)
        scan.save()
    return scan.answer


def sync_offline_scans(occurrence, scans, *, by):
    """The scans a phone queued without a network, each decided as if made when it was: the answers,
    and how many tickets two phones both let in (conflicts the door should look at)."""
    answers = [
        check_in(occurrence, code=scan["code"], nonce=scan["nonce"], by=by, scanned_at=scan.get("scanned_at"),
                 offline=True, locally_admitted=scan.get("locally_admitted", False))
        for scan in scans
    ]
    return {"answers": answers, "conflicts": sum(1 for answer in answers if answer["conflict"])}


def undo_check_in(occurrence, *, code, by, now=None):
    """Take back an admission made by mistake; the ticket can then be scanned again.

    Kept in the registration's history with who took it back and since when the person was inside.
    """
    now = now or timezone.now()
    with transaction.atomic():
        admission = (
            Scan.objects.admissions().filter(occurrence=occurrence, registration__code=clean_code(code))
            .select_related("registration").select_for_update(of=("self",)).first()
        )
        if admission is None:
            raise RegistrationError("not_checked_in", _("This ticket is not checked in, so there is nothing to undo."),
                                    409)
        Scan.objects.filter(pk=admission.pk).update(undone_at=now, undone_by=by)
        record_action(admission.registration, RegistrationAction.Action.ADMISSION_UNDONE, by=by,
                      before={"admitted_at": admission.scanned_at.isoformat()}, now=now)
    return 1


# --- Walk-ins ---------------------------------------------------------------------------------


def _walk_in_person(by, name, phone):
    """The person who walked in: the one this organizer already knows by that name and phone, or a new one."""
    if phone:
        known = [person for person in people_findable_by(by).filter(phone=phone).order_by("pk")
                 if person.name_key == name_key(name)]
        if len(known) == 1:
            return known[0]
    return Person.objects.create(name=name, phone=phone, met_at_door=not phone)


def _check_door_open(occurrence, now):
    if occurrence.is_cancelled:
        raise RegistrationError("cancelled", _("This date is cancelled: nobody can be admitted."), 409)
    if now >= occurrence.end:
        raise RegistrationError("ended", _("This date has already ended: walk-ins can no longer be admitted."),
                                409)
    if timezone.localdate(now) < timezone.localdate(occurrence.start):
        raise RegistrationError(
            "not_today", _("Walk-ins are admitted at the door on the day of the event; before that, register "
                           "them on the staff pages."), 409)


def walk_ins_open(occurrence, now=None):
    """Whether the door takes walk-ins now (the rule `admit_walk_in` applies), for showing its form."""
    try:
        _check_door_open(occurrence, now or timezone.now())
    except RegistrationError:
        return False
    return True


def _seat_walk_in(occurrence, registration):
    """Give the walk-in their places. On a full date the places grow by theirs: returns the capacity
    before and after for the history then, else None."""
    if take_seats(occurrence.pk, registration.seats):
        return None
    # The organizer let them in: the date gets the places it really had.
    Occurrence.objects.filter(pk=occurrence.pk).update(
        capacity=F("seats_taken") + registration.seats, capacity_overridden=True,
        seats_taken=F("seats_taken") + registration.seats, updated_at=Now(),
    )
    registration.above_capacity = True
    return {"capacity": occurrence.capacity}, {"capacity": occurrence.seats_taken + registration.seats}


def admit_walk_in(occurrence, *, name, phone="", seats=1, by, nonce, now=None):
    """Someone comes to the door without a ticket: register and admit them in one step.

    The organizer decides at the door, so a full date takes them too: the capacity grows by
    their seats and the registration says it went above capacity. Allowed on the day of the
    date until its end, also after the start, when registration is closed for everyone else.
    Someone on the waiting list is moved up on their registration with the places typed at the
    door, recorded as a walk-in (above capacity when it was full); someone confirmed comes in on
    their registration as it is.
    The nonce of the form makes a second press of the button return the first answer.
    The walk-in (and places raised) is kept in the registration's history, the admission as its scan.
    Returns the door answer, as `check_in()` does.
    """
    nonce = _valid_nonce(nonce)
    name, phone = contacts.name(name), contacts.phone(phone)
    now = now or timezone.now()
    with transaction.atomic():
        # The nonce is looked up, and the person made, only under the date's lock: a second
        # press arriving at the same moment waits here and then finds the first one's answer.
        occurrence = lock_date(occurrence)
        stored = _stored_answer(nonce, occurrence)
        if stored is not None:
            return stored
        _check_door_open(occurrence, now)
        check_seats(occurrence, seats)
        person = _walk_in_person(by, name, phone)
        registration = occurrence.registrations.live().filter(person=person).first()
        if registration is None or registration.is_waitlisted:
            before = {"status": registration.status} if registration else {}
            registration = registration or Registration(
                occurrence=occurrence, person=person, source=Registration.Source.STAFF, entered_by=by,
            )
            # Someone waiting holds no places: they come in with as many as the organizer typed
            # (not the number asked for weeks ago), and the place was made at the door.
            registration.seats, registration.walk_in = seats, True
            places_raised = _seat_walk_in(occurrence, registration)
            registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
            registration.save()
            if places_raised:
                record_action(registration, RegistrationAction.Action.CAPACITY_RAISED, by=by,
                              before=places_raised[0], after=places_raised[1], now=now)
            record_action(registration, RegistrationAction.Action.WALK_IN, by=by, before=before,
                          after={"status": registration.status}, now=now)
        return check_in(occurrence, code=registration.code, nonce=nonce, by=by, now=now)
