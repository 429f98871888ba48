"""The paper door list: who is on it, in Czech alphabetical order by surname, and the ticks typed in afterwards.

When the phone at the door dies, the organizer ticks names on a printed list; back at a
computer, staff type those ticks in. Each tick goes through the door's own
`door.check_in()`, so a ticket admitted on paper is admitted exactly as if it had been
scanned: once, with the time and who recorded it.
"""

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from . import door, models, services, stats
from .models import Registration, Scan

# The Czech alphabet (ČSN 97 6030) at its first level: č, ř, š, ž are letters of their own after
# c, r, s, z, and "ch" is one letter after h. Other accents (á, ď, é, ě, í, ň, ó, ť, ú, ů, ý) only
# break ties: "Dvořák" and "Dvorak" sort together, the unaccented one first.
CZECH_LETTERS = [
    "a", "b", "c", "č", "d", "e", "f", "g", "h", "ch", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "ř",
    "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž",
]
_RANK = {letter: rank for rank, letter in enumerate(CZECH_LETTERS, start=20)}
_OWN_LETTERS = {"č", "ř", "š", "ž"}
# Within one letter at the first level: the plain letter first, then with an accent.
_ACCENT_ORDER = {"\u0301": 1, "\u030c": 2, "\u030a": 3, "\u0308": 4}
# After the page's own start, ticks typed with a time before it by more than this belong to the next day
# (a dance from 22:00 until 1:00: "0:30" is half past midnight, not the morning before).
SAME_EVENING = timedelta(hours=12)


def czech_sort_key(text):
    """A key that sorts text as a Czech dictionary does: C, Č, D … H, Ch, I; accents and case only break ties."""
    text = unicodedata.normalize("NFC", text or "")
    primary, accents, cases = [], [], []
    index = 0
    while index < len(text):
        char = text[index]
        lower = char.lower()
        if lower == "c" and text[index + 1:index + 2].lower() == "h":
            primary.append(_RANK["ch"])
            accents.append(0)
            cases.append((0 if char.islower() else 1, 0 if text[index + 1].islower() else 1))
            index += 2
            continue
        if lower in _OWN_LETTERS:
            primary.append(_RANK[lower])
            accents.append(0)
        else:
            decomposed = unicodedata.normalize("NFD", lower)
            base = decomposed[0]
            marks = decomposed[1:]
            if base in _RANK:
                primary.append(_RANK[base])
            elif base.isdigit():
                primary.append(10 + int(base) if base in "0123456789" else 19)
            elif base.isalpha():
                primary.append(100 + ord(base))  # letters of other alphabets after z, in code order
            else:
                primary.append(1)  # spaces, hyphens and apostrophes come before any letter
            accents.append(sum(_ACCENT_ORDER.get(mark, 5) for mark in marks))
        cases.append((0 if char.islower() else 1,))
        index += 1
    return tuple(primary), tuple(accents), tuple(cases), text


def surname(name):
    """The last word of a name: how a list at the door is looked up ("Nováková Jana")."""
    words = (name or "").split()
    return words[-1] if words else ""


def name_of(registration):
    return registration.person.name if registration.person else "—"


def by_surname(registration):
    name = registration.person.name if registration.person else ""
    return czech_sort_key(surname(name)), czech_sort_key(name), registration.pk


@dataclass
class Sheet:
    """The date's people for the paper list: confirmed and waiting apart, each sorted by surname."""

    confirmed: list
    waiting: list
    confirmed_seats: int
    waiting_seats: int
    admitted: int
    admitted_seats: int


def door_sheet(occurrence):
    """Everyone still registered for the date, with their admission if any, in one query."""
    registrations = [
        registration for registration in stats.registrations_with_attendance(occurrence)
        if not registration.is_cancelled
    ]
    registrations.sort(key=by_surname)
    for registration in registrations:
        registration.sheet_name = name_of(registration)
        registration.sheet_surname = surname(registration.sheet_name)
        registration.sheet_given = " ".join(registration.sheet_name.split()[:-1])
    confirmed = [registration for registration in registrations if registration.is_confirmed]
    waiting = [registration for registration in registrations if registration.is_waitlisted]
    came = [registration for registration in confirmed if registration.admitted_at is not None]
    return Sheet(
        confirmed=confirmed, waiting=waiting,
        confirmed_seats=sum(registration.seats for registration in confirmed),
        waiting_seats=sum(registration.seats for registration in waiting),
        admitted=len(came), admitted_seats=sum(registration.seats for registration in came),
    )


def moment_on_the_evening(occurrence, time_of_day):
    """A time typed from the paper list as a moment: on the date's day in Prague, or just after midnight."""
    start = timezone.localtime(occurrence.start)
    moment = timezone.make_aware(datetime.combine(start.date(), time_of_day), start.tzinfo)
    if moment < occurrence.start - SAME_EVENING:
        moment = timezone.make_aware(datetime.combine(start.date() + timedelta(days=1), time_of_day), start.tzinfo)
    return moment


@dataclass
class PaperResult:
    admitted: list
    already: list


def paper_nonce(registration, undone_before):
    """The same tick typed in twice is one request to the door; after an undone admission, a new one."""
    return f"paper-{registration.occurrence_id}-{registration.pk}-{undone_before}"


def admit_from_paper(occurrence, ticks, *, by, now=None):
    """Admit the people ticked on the paper list, through the door's own check-in.

    `ticks` maps registration ids to the time they came (a `datetime.time`, or None for "some
    time during the date": its start is recorded). Every id is checked before anything is saved:
    a registration of another date or a cancelled or waiting one refuses the whole list, with a
    message naming the person. People already admitted (by a scan, or a tick typed in before)
    are left as they are.
    """
    now = now or timezone.now()
    registrations = {
        registration.pk: registration
        for registration in Registration.objects.filter(occurrence=occurrence, pk__in=list(ticks))
        .select_related("person")
        .annotate(
            admissions=Count("scans", filter=models.admitted("scans__")),
            undone=Count("scans", filter=models.admission_undone("scans__")),
        )
    }
    missing = [pk for pk in ticks if pk not in registrations]
    if missing:
        raise services.RegistrationError(
            "not_on_this_list", _("A ticked person is not on this date's list. Open the list again and retype it."),
            400,
        )
    for registration in sorted(registrations.values(), key=by_surname):
        name = name_of(registration)
        if registration.is_cancelled:
            raise services.RegistrationError("cancelled", _(
                "The registration of %(name)s is cancelled, so it cannot be ticked as came. Nothing was saved."
            ) % {"name": name}, 409)
        if registration.is_waitlisted:
            raise services.RegistrationError("waiting_list", _(
                "%(name)s is on the waiting list: move them up on the date's page first. Nothing was saved."
            ) % {"name": name}, 409)
    admitted, already = [], []
    for registration in sorted(registrations.values(), key=by_surname):
        if registration.admissions:
            already.append(registration)
            continue
        came_at = ticks[registration.pk]
        scanned_at = moment_on_the_evening(occurrence, came_at) if came_at else occurrence.start
        answer = door.check_in(
            occurrence, code=registration.code, nonce=paper_nonce(registration, registration.undone), by=by,
            scanned_at=min(scanned_at, now), offline=True, now=now,
        )
        (admitted if answer["status"] == Scan.Status.OK else already).append(registration)
    return PaperResult(admitted=admitted, already=already)
