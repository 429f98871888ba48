"""The verbs of registering: register, cancel, promote the waiting list, regenerate a code.

Seats are taken with one conditional UPDATE on the date's row (`seats_taken + n <= capacity`),
inside a transaction that first locks that row, so two people can never get the last seat;
the CheckConstraint on Occurrence is the backstop.
"""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

import kernel.contacts
from events.models import FeedState, Occurrence
from events.roles import can_manage_series, is_department_staff
from kernel.contacts import ContactRules, name_key, same_contact
from kernel.refusals import Refusal
from messaging import outbox

from .codes import clean_code, new_code
from .models import Person, Registration, RegistrationAction, Scan, new_token
from .selectors import people_findable_by

# The walk-in form at the door (scanner_views) limits a name to what the rules take.
MAX_NAME = kernel.contacts.MAX_NAME


class RegistrationError(Refusal):
    """A refusal a person can read; `status` is the HTTP status the pages and the API answer with."""


@dataclass
class Outcome:
    registration: Registration
    created: bool


# The contact rules every app shares (kernel.contacts), refusing as registrations do.
contacts = ContactRules(RegistrationError)


def clean_contact(name, email, phone):
    name = contacts.name(name)
    email, phone = contacts.phone_and_email(
        email, phone, missing_message=_("Give a phone number or an e-mail, so we can let you know about changes."),
    )
    return name, email, phone


class PersonChoiceNeeded(RegistrationError):
    """Staff typed details that fit someone else, or several people: they pick, or confirm a new person.

    `candidates` are the people the user may see who share the typed phone or e-mail.
    """

    def __init__(self, candidates, message):
        super().__init__("choose_person", message, 409)
        self.candidates = candidates


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
        Person.objects.filter(anonymised_at__isnull=True, name_key=name_key(name), phone=phone)
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
    visible = people_findable_by(user) if user is not None else Person.objects.filter(anonymised_at__isnull=True)
    key = name_key(name)
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
        sharing = list(visible.filter(same_contact(email, phone)).order_by("name", "pk")) if email or phone else []
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


def refusal_state(occurrence, *, by_office, now=None):
    """Why this date takes no registration now, as its registration state, or None when it takes one.

    The office (department staff, the event's organizers) may take a phone call before registration
    opens or after it closes online; nobody registers for a full date without a waiting list, a past
    or cancelled one, or one that needs no registration.
    """
    state = occurrence.registration_state(now)
    if state == "open" or (by_office and state in ("not_yet", "closed")):
        return None
    return state


def _check_can_register(occurrence, source, now):
    state = refusal_state(occurrence, by_office=source == Registration.Source.STAFF, now=now)
    if state is not None:
        _refuse(state)


def check_seats(occurrence, seats):
    limit = occurrence.series.max_seats_per_registration
    if not isinstance(seats, int) or seats < 1:
        raise RegistrationError("invalid_seats", _("The number of places must be at least 1."))
    if seats > limit:
        raise RegistrationError(
            "too_many_seats",
            _("One registration can take at most %(limit)s places, companions included.") % {"limit": limit},
        )


def take_seats(occurrence_id, seats):
    """The conditional UPDATE: True when the seats fit and are now taken."""
    fits = Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity") - seats)
    return bool(
        Occurrence.objects.filter(pk=occurrence_id).filter(fits)
        .update(seats_taken=F("seats_taken") + seats, updated_at=Now())
    )


def _free_seats(occurrence_id, seats):
    Occurrence.objects.filter(pk=occurrence_id).update(seats_taken=F("seats_taken") - seats, updated_at=Now())


def lock_date(occurrence):
    """Lock the date's row (not its series': other dates of the series stay free)."""
    return Occurrence.objects.select_for_update(of=("self",)).select_related("series").get(pk=occurrence.pk)


def staff_member(user):
    """The account and the name kept in a history row; (None, '') for nobody signed in."""
    if user is None or not user.is_authenticated:
        return None, ""
    return user, user.get_full_name() or user.get_username()


def history_row(registration, action, *, by=None, actor=RegistrationAction.Actor.STAFF, before=None, after=None,
                 note="", now=None):
    user, name = staff_member(by) if actor == RegistrationAction.Actor.STAFF else (None, "")
    return RegistrationAction(
        registration=registration, occurrence_id=registration.occurrence_id, at=now or timezone.now(), actor=actor,
        by=user, by_name=name, action=action, before=before or {}, after=after or {}, note=note,
    )


def record_action(registration, action, **values):
    """Keep one action in the registration's history (inside the action's own transaction)."""
    history_row(registration, action, **values).save()


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
    text = "\n".join([str(secret), str(occurrence_id), name_key(name), phone, email.lower()])
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
            occurrence = lock_date(occurrence)
            _check_can_register(occurrence, source, now)
            check_seats(occurrence, seats)
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
            if take_seats(occurrence.pk, seats):
                registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
            elif occurrence.series.waiting_list:
                registration.status, registration.waitlisted_at = Registration.Status.WAITLISTED, now
            else:
                _refuse("full")
            registration.save()
            if by_staff:
                record_action(registration, RegistrationAction.Action.REGISTERED, by=entered_by,
                        after={"status": registration.status}, now=now)
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
        .filter(person__anonymised_at__isnull=True, person__name_key=name_key(name))
        .filter(**{"person__in": Person.objects.filter(same_contact(email, phone))})
        .exclude(person__email="")
    )
    queued = 0
    for registration in registrations:
        outbox.queue("registrations.messages.registration_email", registration.pk)
        queued += 1
    return queued


def cancel(registration, *, by=None, now=None):
    """Free the seats and move the waiting list up; refuse once the date has started.

    Kept in the registration's history as done by `by` when they manage the date (staff, its
    organizers), otherwise as done by the person themselves, who is not named there.
    """
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = lock_date(registration.occurrence)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            raise RegistrationError("already_cancelled", _("This registration is already cancelled."), 409)
        if occurrence.start <= now:
            raise RegistrationError("started", _("The date has already started; it cannot be cancelled now."),
                                    409)
        was_confirmed, status_before = registration.is_confirmed, registration.status
        registration.status, registration.cancelled_at = Registration.Status.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        by_staff = by is not None and can_manage_series(by, occurrence.series)
        record_action(registration, RegistrationAction.Action.CANCELLED, by=by,
                actor=RegistrationAction.Actor.STAFF if by_staff else RegistrationAction.Actor.PERSON,
                before={"status": status_before}, after={"status": registration.status}, now=now)
        if was_confirmed:
            _free_seats(occurrence.pk, registration.seats)
            promote_waiting_list(occurrence, now=now)
    return registration


def promote_waiting_list(occurrence, *, now=None):
    """Confirm waiting registrations in order, each one that fits whole. Returns the promoted.

    Stops once the date has started: nobody is told to come to something already running.
    Each move up is kept in the registration's history as done automatically.
    """
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = lock_date(occurrence)
        if occurrence.start <= now or occurrence.is_cancelled:
            return []
        promoted = []
        waiting = occurrence.registrations.waiting_in_order().select_related("person").select_for_update(of=("self",))
        for registration in waiting:
            if occurrence.capacity is not None and occurrence.seats_taken >= occurrence.capacity:
                break
            if take_seats(occurrence.pk, registration.seats):
                occurrence.seats_taken += registration.seats
                registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
                registration.save(update_fields=["status", "confirmed_at", "updated_at"])
                promoted.append(registration)
                _email_after_commit("registrations.messages.promotion_email", registration)
        RegistrationAction.objects.bulk_create([
            history_row(registration, RegistrationAction.Action.PROMOTED, actor=RegistrationAction.Actor.SYSTEM,
                         before={"status": Registration.Status.WAITLISTED}, after={"status": registration.status},
                         now=now)
            for registration in promoted
        ])
        return promoted


def promote_by_hand(registration, *, reason, by, now=None):
    """Staff move someone up from the waiting list, even past the capacity; the reason is kept, in the
    registration's history too, with the number of places the date had before when it grew."""
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError("reason_required", _("Write why this person is moved up."))
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = lock_date(registration.occurrence)
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
            record_action(registration, RegistrationAction.Action.CAPACITY_RAISED, by=by,
                    before={"capacity": occurrence.capacity}, after={"capacity": occurrence.seats_taken + needed},
                    now=now)
        Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=F("seats_taken") + needed, updated_at=Now())
        registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
        registration.promotion_note = f"{reason} ({by.get_username()})"[:300]
        registration.save(update_fields=["status", "confirmed_at", "promotion_note", "updated_at"])
        record_action(registration, RegistrationAction.Action.PROMOTED_BY_HAND, by=by, note=reason[:300],
                before={"status": Registration.Status.WAITLISTED}, after={"status": registration.status}, now=now)
        _email_after_commit("registrations.messages.promotion_email", registration)
    return registration


def regenerate_code(registration, *, by=None):
    """A new ticket code; the old one stops working at once. Kept in the history (never the code) as
    done by `by`, staff, or without them by the person themselves (new private addresses)."""
    with transaction.atomic():
        registration.code = new_code()
        registration.save(update_fields=["code", "updated_at"])
        record_action(registration, RegistrationAction.Action.NEW_CODE, by=by,
                actor=RegistrationAction.Actor.STAFF if by is not None else RegistrationAction.Actor.PERSON)
    return registration


def get_registration_by_code(code):
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


def personal_feed_history_key(person_id, language=""):
    """Where events.feeds.content_since keeps since when a person's feed is what it is."""
    return f"person:{person_id}:{language}"


def anonymise_people(*, before):
    """Forget who came to dates that ended before `before`; the counts for statistics stay.

    A person with a later registration keeps their details until that one is past too.
    Their private link stops working: the token is replaced by a new random one.
    """
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
        # A reason for moving someone up may name people; who did what and when stays.
        RegistrationAction.objects.filter(registration__person_id__in=ids).exclude(note="").update(note="")
        moment = timezone.now()
        for person_id in ids:
            FeedState.objects.filter(key__startswith=personal_feed_history_key(person_id)).delete()
            Person.objects.filter(pk=person_id).update(
                name="—", name_key="", email="", phone="", anonymised_at=moment, token=new_token(),
                feed_token=new_token(),
            )
    return len(ids)


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
