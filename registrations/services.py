"""The verbs of registering: register, cancel, promote the waiting list, regenerate a code.

Seats are taken with one conditional UPDATE on the date's row (`seats_taken + n <= capacity`),
inside a transaction that first locks that row, so two people can never get the last seat;
the CheckConstraint on Occurrence is the backstop.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Occurrence
from events.roles import is_department_staff
from messaging import outbox

from .codes import new_code
from .models import Person, Registration, comparable_name

MAX_NAME = 150


class RegistrationError(Exception):
    """A refusal a person can read; `status` is the HTTP status the pages and the API answer with."""

    def __init__(self, code, message, status=400, *, retry_after=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after  # seconds, for a 429


@dataclass
class Outcome:
    registration: Registration
    created: bool


def normalize_phone(text):
    """Czech numbers become +420 and nine digits; other countries keep their +code. '' stays ''."""
    raw = (text or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s\-./()]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"[2-9]\d{8}", digits):
        return "+420" + digits
    if re.fullmatch(r"\+420[2-9]\d{8}", digits):
        return digits
    if re.fullmatch(r"\+(?!420)[1-9]\d{7,14}", digits):
        return digits
    raise RegistrationError(
        "invalid_phone", _("The phone number is not valid. Write nine digits, for example 777 123 456.")
    )


def normalize_email(text):
    email = (text or "").strip()
    if not email:
        return ""
    try:
        if len(email) > 254:  # the longest address the column and mail servers take
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise RegistrationError(
            "invalid_email", _("The e-mail address is not valid. Check it, for example jana@seznam.cz.")
        ) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def clean_contact(name, email, phone):
    # Invisible characters (zero-width spaces and the like) are no name.
    name = " ".join("".join(char for char in (name or "") if unicodedata.category(char) != "Cf").split())
    if not any(char.isalpha() for char in name):
        raise RegistrationError("invalid_name", _("Write your name, please."))
    if len(name) > MAX_NAME:
        raise RegistrationError("invalid_name", _("The name is too long."))
    email, phone = normalize_email(email), normalize_phone(phone)
    if not email and not phone:
        raise RegistrationError(
            "missing_contact", _("Give a phone number or an e-mail, so we can let you know about changes.")
        )
    return name, email, phone


class PersonChoiceNeeded(RegistrationError):
    """Staff typed details that fit someone else, or several people: they pick, or confirm a new person.

    `candidates` are the people the user may see who share the typed phone or e-mail.
    """

    def __init__(self, candidates, message):
        super().__init__("choose_person", message, 409)
        self.candidates = candidates


def _contact_match(email, phone):
    match = Q(pk__in=[])
    if phone:
        match |= Q(phone=phone)
    if email:
        match |= Q(email__iexact=email)
    return match


def _new_person(name, email, phone):
    return Person.objects.create(name=name, email=email, phone=phone)


def _person_for_public(occurrence, name, email, phone):
    """Someone registering from the public side: the same person only when everything typed matches.

    Name, phone and e-mail must all be as on file, and that person must not be registered for
    this date already; otherwise a new person is made. Nothing of an existing person is shown,
    changed or added to, so knowing someone's name and phone opens nothing, and the answer is
    the same whether or not they exist. Called with the date's row locked, so two requests
    cannot both pick the same person for the same date.
    """
    same = (
        Person.objects.filter(anonymised_at__isnull=True, name_key=comparable_name(name), phone=phone)
        .filter(email__iexact=email)
        .exclude(pk__in=Registration.objects.live().filter(occurrence=occurrence).values("person_id"))
        .order_by("pk").first()
    )
    return same or _new_person(name, email, phone)


def _fill_missing_contacts(person, email, phone):
    """Department staff complete a person's contacts; what is on file is never overwritten."""
    changed = []
    if email and not person.email:
        person.email = email
        changed.append("email")
    if phone and not person.phone:
        person.phone = phone
        changed.append("phone")
    if changed:
        person.save(update_fields=changed)


def _person_for_staff(user, name, email, phone, *, person_id=None, new_person=False):
    """Someone the office or an organizer registers: a person they picked, found, or a new one.

    Only people the user may see are considered (an organizer: people of their own series).
    The same name with a shared contact is the same person; a shared contact under another
    name, or several matches, is a question for staff, never a silent guess.
    """
    from .selectors import people_findable_by

    visible = people_findable_by(user) if user is not None else Person.objects.filter(anonymised_at__isnull=True)
    key = comparable_name(name)
    if new_person:
        return _new_person(name, email, phone)
    if person_id is not None:
        person = visible.filter(pk=person_id).first()
        if person is None:
            raise RegistrationError("unknown_person", _("We cannot find the chosen person. Search again."), 400)
        if person.name_key != key:
            raise PersonChoiceNeeded([person], _(
                "You chose %(chosen)s, but the name typed is %(typed)s. Register %(chosen)s, or %(typed)s as a new "
                "person?") % {"chosen": person.name, "typed": name})
    else:
        sharing = list(visible.filter(_contact_match(email, phone)).order_by("name", "pk")) if email or phone else []
        same_name = [candidate for candidate in sharing if candidate.name_key == key]
        if not sharing:
            return _new_person(name, email, phone)
        if len(same_name) != 1:
            raise PersonChoiceNeeded(sharing, _(
                "This phone or e-mail already belongs to someone we know. Choose who is registering, or "
                "register %(typed)s as a new person with the same contact.") % {"typed": name})
        person = same_name[0]
    if user is None or is_department_staff(user):
        _fill_missing_contacts(person, email, phone)
    return person


REFUSALS = {
    "not_needed": (lambda: _("This event needs no registration: just come."), 409),
    "cancelled": (lambda: _("This date is cancelled, so registration is not possible."), 409),
    "past": (lambda: _("This date has already started or taken place."), 409),
    "not_yet": (lambda: _("Registration for this date has not opened yet."), 409),
    "closed": (lambda: _("Registration for this date has closed. Call the department: we will try to help."),
               409),
    "full": (lambda: _("Sorry, the date is full and has no waiting list."), 409),
}


def _refuse(state):
    message, status = REFUSALS[state]
    raise RegistrationError(state, message(), status)


def _check_can_register(occurrence, source, now):
    state = occurrence.registration_state(now)
    if state == "open":
        return
    # The office may take a phone call before registration opens or after it closes online.
    if source == Registration.Source.STAFF and state in ("not_yet", "closed"):
        return
    if state == "full":
        _refuse("full")
    _refuse(state)


def _check_seats(occurrence, seats):
    limit = occurrence.series.max_seats_per_registration
    if not isinstance(seats, int) or seats < 1:
        raise RegistrationError("invalid_seats", _("The number of places must be at least 1."))
    if seats > limit:
        raise RegistrationError(
            "too_many_seats",
            _("One registration can take at most %(limit)s places, companions included.") % {"limit": limit},
        )


def _take_seats(occurrence_id, seats):
    """The conditional UPDATE: True when the seats fit and are now taken."""
    fits = Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity") - seats)
    return bool(
        Occurrence.objects.filter(pk=occurrence_id).filter(fits)
        .update(seats_taken=F("seats_taken") + seats, updated_at=Now())
    )


def _free_seats(occurrence_id, seats):
    Occurrence.objects.filter(pk=occurrence_id).update(seats_taken=F("seats_taken") - seats, updated_at=Now())


def _lock(occurrence):
    """Lock the date's row (not its series': other dates of the series stay free)."""
    return Occurrence.objects.select_for_update(of=("self",)).select_related("series").get(pk=occurrence.pk)


def _email_after_commit(kind, registration):
    """Record an e-mail to the registered person with the change; people with only a phone are called by staff."""
    if registration.person is not None and registration.person.email:
        outbox.queue(kind, registration.pk)


def request_key(secret, occurrence_id, name, email, phone):
    """A keyed hash of who asked (a browser's secret, an API client's Idempotency-Key) and what they typed.

    The typed details are part of it, so a library PC shared by a seniors' club gives each
    senior their own registration, and a guessed key opens nothing without them.
    """
    if not secret:
        return None
    text = "\n".join([str(secret), str(occurrence_id), comparable_name(name), phone, email.lower()])
    return salted_hmac("registrations.request_key", text, algorithm="sha256").hexdigest()


def register(occurrence, *, name, email="", phone="", seats=1, source=Registration.Source.WEB,
             needs_wheelchair=False, needs_hearing=False, needs_note="", entered_by=None, person_id=None,
             new_person=False, request_secret=None, now=None):
    """Confirm the registration if the seats fit, else put it on the waiting list, else refuse.

    From the public side (web, API) every request registers someone: an existing registration is
    never returned, except to the same browser or API client sending the same details again
    (`request_secret`). The office (source STAFF, `entered_by` the user) registers a person it
    picked (`person_id`) or found by name and contact, or a `new_person`; registering that
    person again for the same date returns their registration unchanged.
    """
    name, email, phone = clean_contact(name, email, phone)
    by_staff = source == Registration.Source.STAFF
    key = None if by_staff else request_key(request_secret, occurrence.pk, name, email, phone)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            if by_staff:
                # The person first: the date's row stays locked only for the few statements that need it.
                person = _person_for_staff(entered_by, name, email, phone, person_id=person_id, new_person=new_person)
            occurrence = _lock(occurrence)
            _check_can_register(occurrence, source, now)
            _check_seats(occurrence, seats)
            if key:
                repeated = Registration.objects.filter(request_key=key).first()
                if repeated:
                    return Outcome(repeated, created=False)
            if by_staff:
                existing = occurrence.registrations.live().filter(person=person).first()
                if existing:
                    return Outcome(existing, created=False)
            else:
                person = _person_for_public(occurrence, name, email, phone)
            registration = Registration(
                occurrence=occurrence, person=person, seats=seats, source=source, entered_by=entered_by,
                needs_wheelchair=needs_wheelchair, needs_hearing=needs_hearing,
                needs_note=(needs_note or "").strip()[:300], request_key=key,
            )
            if _take_seats(occurrence.pk, seats):
                registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
            elif occurrence.series.waiting_list:
                registration.status, registration.waitlisted_at = Registration.Status.WAITLISTED, now
            else:
                _refuse("full")
            registration.save()
            _email_after_commit("registrations.messages.registration_email", registration)
            return Outcome(registration, created=True)
    except OperationalError:
        raise RegistrationError(
            "busy", _("Many people are registering right now. Please try again in a moment."), 503
        ) from None


def resend_ticket(occurrence, *, name, email="", phone=""):
    """Send the ticket again to the e-mail on file of whoever with this name and contact is registered.

    The caller answers the same words whatever happened: nothing here may tell a visitor
    whether such a person or registration exists. Returns how many e-mails were queued,
    for tests and logs only.
    """
    name, email, phone = clean_contact(name, email, phone)
    registrations = (
        occurrence.registrations.live().select_related("person")
        .filter(person__anonymised_at__isnull=True, person__name_key=comparable_name(name))
        .filter(**{"person__in": Person.objects.filter(_contact_match(email, phone))})
        .exclude(person__email="")
    )
    queued = 0
    for registration in registrations:
        outbox.queue("registrations.messages.registration_email", registration.pk)
        queued += 1
    return queued


def cancel(registration, *, by=None, now=None):
    """Free the seats and move the waiting list up; refuse once the date has started."""
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = _lock(registration.occurrence)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            raise RegistrationError("already_cancelled", _("This registration is already cancelled."), 409)
        if occurrence.start <= now:
            raise RegistrationError("started", _("The date has already started; it cannot be cancelled now."),
                                    409)
        was_confirmed = registration.is_confirmed
        registration.status, registration.cancelled_at = Registration.Status.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if was_confirmed:
            _free_seats(occurrence.pk, registration.seats)
            promote_waiting_list(occurrence, now=now)
    return registration


def promote_waiting_list(occurrence, *, now=None):
    """Confirm waiting registrations in order, each one that fits whole. Returns the promoted.

    Stops once the date has started: nobody is told to come to something already running.
    """
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = _lock(occurrence)
        if occurrence.start <= now or occurrence.is_cancelled:
            return []
        promoted = []
        waiting = occurrence.registrations.waiting_in_order().select_related("person").select_for_update(of=("self",))
        for registration in waiting:
            if occurrence.capacity is not None and occurrence.seats_taken >= occurrence.capacity:
                break
            if _take_seats(occurrence.pk, registration.seats):
                occurrence.seats_taken += registration.seats
                registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
                registration.save(update_fields=["status", "confirmed_at", "updated_at"])
                promoted.append(registration)
                _email_after_commit("registrations.messages.promotion_email", registration)
        return promoted


def promote_by_hand(registration, *, reason, by, now=None):
    """Staff move someone up from the waiting list, even past the capacity; the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError("reason_required", _("Write why this person is moved up."))
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = _lock(registration.occurrence)
        registration = Registration.objects.select_related("person").select_for_update(of=("self",)).get(
            pk=registration.pk
        )
        if not registration.is_waitlisted:
            raise RegistrationError("not_waiting", _("This registration is not on the waiting list."), 409)
        needed = registration.seats
        if occurrence.capacity is not None and occurrence.seats_taken + needed > occurrence.capacity:
            # Moving up by hand means one more place was found: the capacity grows with it.
            Occurrence.objects.filter(pk=occurrence.pk).update(
                capacity=occurrence.seats_taken + needed, capacity_overridden=True
            )
        Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=F("seats_taken") + needed, updated_at=Now())
        registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
        registration.promotion_note = f"{reason} ({by.get_username()})"[:300]
        registration.save(update_fields=["status", "confirmed_at", "promotion_note", "updated_at"])
        _email_after_commit("registrations.messages.promotion_email", registration)
    return registration


def regenerate_code(registration):
    """A new ticket code; the old one stops working at once."""
    registration.code = new_code()
    registration.save(update_fields=["code", "updated_at"])
    return registration


def get_registration_by_code(code):
    from .codes import clean_code

    compact = clean_code(code)
    registration = (
        Registration.objects.select_related("occurrence__series__venue", "occurrence__venue", "person")
        .filter(code=compact).first() if compact else None
    )
    if registration is None:
        raise RegistrationError("unknown_code", _("We do not know this ticket code. Check it and try again."),
                                404)
    return registration


def _forget_in_door_answers_and_admin_log(person_ids):
    """Names and needs were copied into stored door answers and the admin's history: erase them there too."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from .models import Scan

    for scan in Scan.objects.filter(registration__person_id__in=person_ids).only("pk", "answer", "status"):
        Scan.objects.filter(pk=scan.pk).update(answer=_anonymous_answer(scan.answer))
    registration_ids = Registration.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
    for model, object_ids in ((Person, person_ids), (Registration, registration_ids)):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in object_ids]
        ).update(object_repr="—", change_message="")


def _anonymous_answer(answer):
    """A stored door answer keeps its verdict and times; who it was and their needs go."""
    kept = {key: value for key, value in (answer or {}).items()
            if key in ("status", "seats", "seats_text", "checked_in_at", "occurrence", "conflict", "scanned_at")}
    return {**kept, "name": "", "needs": [], "code": "", "checked_in_by": "", "message": ""}


def anonymise_people(*, before):
    """Forget who came to dates that ended before `before`; the counts for statistics stay.

    A person with a later registration keeps their details until that one is past too.
    Their private link stops working: the token is replaced by a new random one.
    """
    from django.db.models import Max

    from .models import new_token

    with transaction.atomic():
        ids = list(
            Person.objects.filter(anonymised_at__isnull=True)
            .annotate(last_end=Max("registrations__occurrence__end"))
            .filter(last_end__lt=before)
            .values_list("pk", flat=True)
        )
        outbox.forget_recipients(Person.objects.filter(pk__in=ids).values_list("email", flat=True))
        _forget_in_door_answers_and_admin_log(ids)
        Registration.objects.filter(person_id__in=ids).update(
            needs_note="", needs_wheelchair=False, needs_hearing=False, promotion_note="", request_key=None,
        )
        moment = timezone.now()
        for person_id in ids:
            Person.objects.filter(pk=person_id).update(
                name="—", name_key="", email="", phone="", anonymised_at=moment, token=new_token(),
                feed_token=new_token(),
            )
    return len(ids)


# --- At the door ---------------------------------------------------------------------------

def _who(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _local_time(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def _door_message(status, admitted_at=None, admitted_by="", right=None):
    from .models import Scan

    if status == Scan.Status.OK:
        return _("Entry allowed")
    if status == Scan.Status.ALREADY:
        text = _("Already checked in at %(time)s") % {"time": _local_time(admitted_at)}
        return f"{text} ({admitted_by})" if admitted_by else text
    if status == Scan.Status.CANCELLED:
        return _("The registration is cancelled")
    if status == Scan.Status.WAITING:
        return _("On the waiting list: no place")
    if status == Scan.Status.WRONG:
        start = timezone.localtime(right.start)
        return _("The ticket is for another date: %(title)s, %(when)s") % {
            "title": right.series.title, "when": start.strftime("%d. %m. %Y %H:%M"),
        }
    return _("Unknown code")


def _ticket_with_admission(compact, occurrence_id):
    """The ticket, its person and date, and its admission if any, in one query."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import JSONObject

    from .models import Scan

    admission = Scan.objects.filter(
        registration=OuterRef("pk"), status=Scan.Status.OK, undone_at__isnull=True
    ).order_by().values(
        at=JSONObject(at="scanned_at", first="by__first_name", last="by__last_name", username="by__username")
    )[:1]
    registration = (
        Registration.objects.select_related("person", "occurrence__series")
        .annotate(admission=Subquery(admission))
        .filter(code=compact).order_by()[:1]
    )
    registration = next(iter(registration), None)
    if registration is not None:
        _unpack_admission(registration)
    return registration


def _unpack_admission(registration):
    """Spread the admission read as one JSON object onto the registration."""
    import json

    from django.utils.dateparse import parse_datetime

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


def _admitted_by(registration):
    full = f"{registration.admitted_by_first or ''} {registration.admitted_by_last or ''}".strip()
    return full or registration.admitted_by_username or ""


def _decide(registration, occurrence_id):
    from .models import Scan

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


def seats_text(seats):
    return ngettext("%(count)s person", "%(count)s people", seats) % {"count": seats}


def _door_answer(status, registration, scanned_at, *, conflict=False):
    from .models import Scan

    answer = {
        "status": status, "name": "", "seats": 0, "seats_text": "", "needs": [], "code": "",
        "checked_in_at": None, "checked_in_by": "", "occurrence": None, "conflict": conflict,
        "scanned_at": scanned_at.isoformat(),
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
    admitted_at, admitted_by = None, ""
    if status == Scan.Status.ALREADY:
        admitted_at, admitted_by = registration.admitted_at, _admitted_by(registration)
        answer.update(checked_in_at=timezone.localtime(admitted_at).isoformat(), checked_in_by=admitted_by)
    answer["message"] = _door_message(status, admitted_at, admitted_by, right)
    return answer


def _stored_answer(nonce, occurrence):
    """The answer already given to this request; a nonce from another date's door is refused."""
    from .models import Scan

    stored = next(iter(Scan.objects.filter(nonce=nonce).order_by().values_list("answer", "occurrence_id")[:1]), None)
    if stored is None:
        return None
    answer, occurrence_id = stored
    if occurrence_id != occurrence.pk:
        raise RegistrationError("invalid_nonce", _("The scanner sent no valid request number (nonce)."))
    return answer


def check_in(occurrence, *, code, nonce, by, scanned_at=None, offline=False, locally_admitted=False, now=None):
    """Decide at the door whether a ticket lets its holder in, and remember the answer by nonce.

    Answers one of: ok, already_checked_in (with the time and who), cancelled, waiting_list,
    wrong_occurrence (with the right date) or unknown. The same nonce again returns the same
    answer and changes nothing. A scan queued offline keeps the time it was made; when the
    phone had admitted someone that another phone admitted first, the answer is a conflict.
    """
    from .codes import clean_code
    from .models import Scan

    nonce = (nonce or "").strip()
    if not nonce or len(nonce) > 64:
        raise RegistrationError("invalid_nonce", _("The scanner sent no valid request number (nonce)."))
    stored = _stored_answer(nonce, occurrence)
    if stored is not None:
        return stored
    now = now or timezone.now()
    scanned_at = min(scanned_at or now, now)  # a phone whose clock runs ahead is not believed
    compact = clean_code(code)
    registration = _ticket_with_admission(compact, occurrence.pk) if compact else None
    status = _decide(registration, occurrence.pk)
    scan = Scan(
        nonce=nonce, occurrence=occurrence, registration=registration, code=compact or (code or "")[:64],
        status=status, scanned_at=scanned_at, offline=offline, by=by,
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
        registration = _ticket_with_admission(compact, occurrence.pk)
        scan.pk, scan.status = None, Scan.Status.ALREADY
        scan.answer = _door_answer(Scan.Status.ALREADY, registration, scanned_at, conflict=offline and locally_admitted)
        scan.save()
    return scan.answer


def undo_check_in(occurrence, *, code, by, now=None):
    """Take back an admission made by mistake; the ticket can then be scanned again."""
    from .codes import clean_code
    from .models import Scan

    updated = Scan.objects.filter(
        occurrence=occurrence, registration__code=clean_code(code), status=Scan.Status.OK, undone_at__isnull=True,
    ).update(undone_at=now or timezone.now(), undone_by=by)
    if not updated:
        raise RegistrationError("not_checked_in", _("This ticket is not checked in, so there is nothing to undo."),
                                409)
    return updated


@dataclass
class Renewal:
    person: Person
    tickets: list


def renew_token(person, *, now=None):
    """New private addresses for someone whose link got into other hands.

    "My events", the personal calendar and the ticket code of every registration still to come
    change at once; the old ones answer 404. Returns what changed, so the page can say it,
    and e-mails the new "My events" address to the e-mail on file.
    """
    now = now or timezone.now()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        person.token = Person._meta.get_field("token").get_default()
        person.feed_token = Person._meta.get_field("feed_token").get_default()
        person.save(update_fields=["token", "feed_token"])
        tickets = list(
            person.registrations.live().filter(occurrence__end__gt=now)
            .select_related("occurrence__series").order_by("occurrence__start")
        )
        for registration in tickets:
            regenerate_code(registration)
        if person.email:
            outbox.queue("registrations.messages.new_address_email", person.pk)
    return Renewal(person, tickets)
