"""Read queries for the staff pages, each in a fixed number of queries however many rows there are."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Kind, Occurrence, OccurrenceChange
from events.roles import is_department_staff, series_managed_by
from events.selectors import local_day_start

from .models import Person, Registration, RegistrationAction, Scan

SEARCH_LIMIT = 20
SEARCH_MIN_LENGTH = 2
# The select of dates on the phone form: far enough ahead for any call, short enough to scroll.
OFFERED_DAYS = 90

WAITING = Q(registrations__status=Registration.Status.WAITLISTED)


def managed_dates(user):
    return Occurrence.objects.filter(series__in=series_managed_by(user))


def staff_dates(user, *, now=None):
    """Today's and later dates of the series the user manages, with the waiting list counted.

    Collection points' opening hours are left out: nobody registers for them, they would make most
    of the list, and the drives' own pages show them."""
    today = local_day_start(timezone.localdate(now or timezone.now()))
    return (
        managed_dates(user).filter(end__gt=today).exclude(series__kind=Kind.COLLECTION)
        .select_related("series", "series__venue", "venue")
        .annotate(waiting_count=Count("registrations", filter=WAITING),
                  waiting_seats=Sum("registrations__seats", filter=WAITING, default=0))
        .order_by("start", "id")
    )


def dates_offered_for_registration(user, *, now=None, also=None):
    """Dates a person who phones in can be registered for: not started, not cancelled, with registration.

    `also` is a date to offer even when it lies further ahead (the one staff came from).
    """
    now = now or timezone.now()
    offered = Q(start__lt=now + timedelta(days=OFFERED_DAYS))
    if also:
        offered |= Q(pk=also)
    return (
        managed_dates(user).scheduled().filter(start__gt=now, series__registration_required=True)
        .filter(offered).select_related("series").order_by("series__title", "start", "id")
    )


def registrations_of(occurrence):
    """Every registration of a date, with the person and who entered it, in the order they came."""
    return list(
        Registration.objects.filter(occurrence=occurrence)
        .select_related("person", "entered_by").order_by("created_at", "id")
    )


def people_findable_by(user):
    """Staff find anyone; an organizer finds only people who registered for their own series."""
    people = Person.objects.filter(anonymised_at__isnull=True)
    if is_department_staff(user):
        return people
    return people.filter(
        pk__in=Registration.objects.filter(occurrence__series__in=series_managed_by(user)).values("person_id")
    )


def search_people(user, text, *, limit=SEARCH_LIMIT):
    """People whose name has every typed word, or whose e-mail or phone contains what was typed.

    Phones are stored as +420 and nine digits, so only the typed digits are compared:
    "777 123", "+420 777 123" and "00420777123" all find +420777123456.
    Returns at most `limit` + 1 people, so the caller can tell there are more.
    """
    text = " ".join((text or "").split())
    if len(text) < SEARCH_MIN_LENGTH:
        return []
    name_match = Q()
    for word in text.split():
        name_match &= Q(name__icontains=word)
    match = name_match | Q(email__icontains=text)
    digits = re.sub(r"\D", "", text)
    if text.startswith("00"):
        digits = digits[2:]
    if len(digits) >= 3:
        match |= Q(phone__contains=digits)
    return list(people_findable_by(user).filter(match).order_by("name", "pk")[: limit + 1])


@dataclass
class HistoryLine:
    """One line of a date's history: '18. 11. 2026 14:05 · Petr Novák · cancelled the registration: Marie
    Pokorná · confirmed → cancelled'."""

    at: datetime
    who: str
    what: str
    before: str
    after: str

    @property
    def change(self):
        return "" if self.before == self.after == "—" else f"{self.before} → {self.after}"


def _local_time(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def admissions_line(who, tickets, seats, first, last):
    """One door worker's admissions of a date as one line: 'let in 42 tickets, 57 people (17:48–18:20)'."""
    what = ngettext("let in %(tickets)s ticket, %(people)s", "let in %(tickets)s tickets, %(people)s", tickets) % {
        "tickets": tickets,
        "people": ngettext("%(count)s person", "%(count)s people", seats) % {"count": seats},
    }
    return HistoryLine(last, who or "—", f"{what} ({_local_time(first)}–{_local_time(last)})", "—", "—")


def door_admissions(occurrence):
    """The date's admissions summed up per door worker, at the time of their last one (one query).

    An evening at the door is a hundred admissions: one line each would bury the few changes a
    coordinator looks for in the history. Who was let in, when and by whom is on the date's list
    of registrations beside each person; the history says who worked the door, how many they let
    in and from when to when. Taken-back admissions do not count here; each undo is its own line.
    """
    rows = (
        Scan.objects.admissions().filter(occurrence=occurrence).values("by_name")
        .annotate(tickets=Count("id"), seats=Sum("registration__seats", default=0), first=Min("scanned_at"),
                  last=Max("scanned_at"))
        .order_by("by_name")
    )
    return [admissions_line(row["by_name"], row["tickets"], row["seats"], row["first"], row["last"]) for row in rows]


def date_history(occurrence):
    """What staff, the people registered, the door and the system did to a date and its registrations,
    newest first, in three queries however long it is."""
    changes = OccurrenceChange.objects.filter(occurrence=occurrence).order_by("-at", "-id")
    actions = (
        RegistrationAction.objects.filter(occurrence=occurrence).select_related("registration__person")
        .order_by("-at", "-id")
    )
    lines = [
        ((change.at, 0, change.pk), HistoryLine(
            change.at, change.by_name or _("automatically"), str(change.what), change.before_text, change.after_text,
        ))
        for change in changes
    ]
    # An action on a registration at the same moment as a change of the date follows from it (places freed).
    lines += [
        ((action.at, 1, action.pk), HistoryLine(action.at, action.who, action.what, action.before_text,
                                                action.after_text))
        for action in actions
    ]
    # The door's summary after everything of the same moment: the last admission follows a walk-in's registration.
    lines += [((line.at, 2, number), line) for number, line in enumerate(door_admissions(occurrence))]
    return [line for _key, line in sorted(lines, key=lambda pair: pair[0], reverse=True)]
