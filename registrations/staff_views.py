"""The staff's way: the dates they manage, registering someone who phones in, and each date's list.

Every page goes through `get_occurrence_for_organizer`: a date that is missing and a date
that is not yours look the same (404), and nothing changes.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.spreadsheet import csv_response, safe_cell
from events.models import Occurrence
from events.roles import get_occurrence_for_organizer, series_managed_by
from kernel.pages import signed_in_page

from . import broadcast, door, selectors, services, stats
from .models import Registration
from .staff_forms import PersonSearchForm, StaffRegistrationForm, chosen_person
from .throttles import check_registration_limits, count_registration

DATES_PER_PAGE = 40


# Signed in; which dates the user may see is get_occurrence_for_organizer's to decide.
staff_page = signed_in_page


def format_phone(phone):
    """+420777123456 → +420 777 123 456, easier to read out when calling."""
    if phone.startswith("+420") and len(phone) == 13:
        return f"+420 {phone[4:7]} {phone[7:10]} {phone[10:]}"
    return phone


@dataclass
class Row:
    """One registration as staff see it in the list and in the export."""

    registration: Registration
    position: int | None = None
    possible_duplicate: bool = False

    @property
    def person(self):
        return self.registration.person

    @property
    def name(self):
        return self.person.name if self.person else "—"

    @property
    def phone(self):
        return format_phone(self.person.phone) if self.person else ""

    @property
    def email(self):
        return self.person.email if self.person else ""

    @property
    def needs_call(self):
        """Only a phone: no e-mail reaches them, so staff call when the date changes or a place frees up."""
        return bool(self.person and self.person.phone and not self.person.email)

    @property
    def entered_by(self):
        user = self.registration.entered_by
        return (user.get_full_name() or user.get_username()) if user else ""

    @property
    def checked_in_at(self):
        """When they were let in at the door, in local time; None if not (or not read with the admission)."""
        moment = getattr(self.registration, "admitted_at", None)
        return timezone.localtime(moment) if moment else None

    @property
    def checked_in_by(self):
        return door.admitted_by(self.registration)


def group_rows(registrations):
    """Confirmed and cancelled in the order they came; the waiting list in its own order, numbered."""
    confirmed, waiting, cancelled = [], [], []
    for registration in registrations:
        if registration.is_confirmed:
            confirmed.append(Row(registration))
        elif registration.is_waitlisted:
            waiting.append(registration)
        else:
            cancelled.append(Row(registration))
    waiting.sort(key=Registration.waiting_key)
    waiting_rows = [Row(registration, position) for position, registration in enumerate(waiting, start=1)]
    _mark_possible_duplicates(confirmed + waiting_rows)
    return {
        "confirmed": confirmed,
        "waiting": waiting_rows,
        "cancelled": cancelled,
    }


def _mark_possible_duplicates(rows):
    """The same name with a shared phone or e-mail twice on one date: maybe one senior registered twice.

    The public side cannot tell (it must not learn who is registered), so staff see it here
    and call or cancel one.
    """
    seen = {}
    for row in rows:
        person = row.person
        if person is None or person.anonymised_at is not None:
            continue
        keys = [(person.name_key, "phone", person.phone), (person.name_key, "email", person.email.lower())]
        for key in keys:
            if key[2]:
                seen.setdefault(key, []).append(row)
    for group in seen.values():
        if len(group) > 1:
            for row in group:
                row.possible_duplicate = True


@staff_page
def home(request):
    dates = Paginator(selectors.staff_dates(request.user), DATES_PER_PAGE).get_page(request.GET.get("strana"))
    manages_any = bool(dates.paginator.count) or series_managed_by(request.user).exists()
    return render(request, "registrations/staff/home.html", {"dates": dates, "manages_any": manages_any})


@staff_page
@require_http_methods(["GET", "POST"])
def register(request):
    """Search for someone who phoned, pick a date, register them; refusals keep what was typed.

    The search is sent by POST, so names and phone numbers never land in addresses and logs.
    """
    searching = request.method == "POST" and "hledat" in request.POST
    search = PersonSearchForm(request.POST if searching else None)
    query = search.cleaned_data["q"] if searching and search.is_valid() else ""
    found = selectors.search_people(request.user, query)
    for person in found:
        person.phone_display = format_phone(person.phone)
    if request.method == "POST" and not searching:
        form = StaffRegistrationForm(request.POST, user=request.user)
    else:
        form = StaffRegistrationForm(user=request.user, initial=_initial(request))
    context = {
        "search": search, "query": query, "people": found[: selectors.SEARCH_LIMIT],
        "more_people": len(found) > selectors.SEARCH_LIMIT, "form": form,
        "search_too_short": 0 < len(query.strip()) < selectors.SEARCH_MIN_LENGTH,
    }
    if request.method == "GET" or searching:
        return render(request, "registrations/staff/register.html", context)
    if not form.is_valid() or form.email_suggestion:
        # A suggested e-mail alone is no mistake: staff read it back to the caller and send the form again.
        return render(request, "registrations/staff/register.html", context, status=400 if form.errors else 200)
    data = form.cleaned_data
    person_id, new_person = chosen_person(data)
    try:
        check_registration_limits(request)
        outcome = services.register(
            data["occurrence"], name=data["name"], email=data["email"], phone=data["phone"], seats=data["seats"],
            needs_wheelchair=data["needs_wheelchair"], needs_hearing=data["needs_hearing"],
            needs_note=data["needs_note"], source=Registration.Source.STAFF, entered_by=request.user,
            person_id=person_id, new_person=new_person,
        )
    except services.PersonChoiceNeeded as question:
        for person in question.candidates:
            person.phone_display = format_phone(person.phone)
        context.update(error=question, candidates=question.candidates, typed_name=data["name"])
        return render(request, "registrations/staff/register.html", context, status=question.status)
    except services.RegistrationError as error:
        return render(request, "registrations/staff/register.html", {**context, "error": error},
                      status=error.status)
    if outcome.created:
        count_registration(request)
    else:
        messages.info(request, _("This person was already registered for this date; nothing was changed."))
    return redirect("registrations_staff:registration", pk=outcome.registration.pk)


def _initial(request):
    """The date staff came from and the person they picked from the search, if any."""
    initial = {}
    date = request.POST.get("termin", "") or request.GET.get("termin", "")
    if (date.isascii() and date.isdigit()):
        initial["occurrence"] = int(date)
    person_pk = request.GET.get("osoba", "")
    if (person_pk.isascii() and person_pk.isdigit()):
        person = selectors.people_findable_by(request.user).filter(pk=person_pk).first()
        if person:
            initial.update(name=person.name, phone=format_phone(person.phone), email=person.email, person=person.pk)
    return initial


@staff_page
def registration_detail(request, pk):
    """After a phone registration: the ticket to print or send, and whether an e-mail went out."""
    registration = get_object_or_404(Registration.objects.select_related("person", "entered_by"), pk=pk)
    occurrence = get_occurrence_for_organizer(request.user, registration.occurrence_id)
    registration.occurrence = occurrence
    context = {
        "registration": registration, "row": Row(registration), "occurrence": occurrence,
        "position": registration.waitlist_position(),
    }
    return render(request, "registrations/staff/registration.html", context)


@staff_page
def date_registrations(request, pk):
    return _date_page(request, get_occurrence_for_organizer(request.user, pk))


def _date_page(request, occurrence, *, error=None, status=200):
    registrations = stats.registrations_with_attendance(occurrence)
    groups = group_rows(registrations)
    context = {
        "occurrence": occurrence, "series": occurrence.series, "error": error, **groups,
        "attendance": stats.attendance_totals(registrations),
        "waiting_seats": sum(row.registration.seats for row in groups["waiting"]),
        "to_call": sum(1 for row in groups["confirmed"] + groups["waiting"] if row.needs_call),
        "date_messages": list(broadcast.history(occurrence)),
        "history": selectors.date_history(occurrence),
        "can_register": occurrence.start > timezone.now() and not occurrence.is_cancelled
        and occurrence.series.registration_required,
    }
    return render(request, "registrations/staff/date.html", context, status=status)


def _registration_of(occurrence, registration_pk):
    return get_object_or_404(
        Registration.objects.select_related("person", "entered_by"), occurrence=occurrence, pk=registration_pk
    )


def _confirm(request, action, occurrence, registration, *, error=None, status=200):
    context = {"action": action, "occurrence": occurrence, "registration": registration, "row": Row(registration),
               "error": error}
    return render(request, "registrations/staff/confirm.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def cancel(request, pk, registration_pk):
    """Cancel on someone's behalf: asks first, then frees the places for the waiting list."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    registration = _registration_of(occurrence, registration_pk)
    if request.method == "GET":
        return _confirm(request, "cancel", occurrence, registration)
    try:
        services.cancel(registration, by=request.user)
    except services.RegistrationError as error:
        return _confirm(request, "cancel", occurrence, registration, error=error, status=error.status)
    messages.success(request, _("The registration of %(name)s is cancelled.") % {"name": Row(registration).name})
    return redirect("registrations_staff:date", pk=occurrence.pk)


@staff_page
@require_POST
def promote(request, pk, registration_pk):
    """Move someone up from the waiting list by hand; the reason is kept with the registration."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    registration = _registration_of(occurrence, registration_pk)
    capacity_before = occurrence.capacity
    try:
        services.promote_by_hand(registration, reason=request.POST.get("reason", ""), by=request.user)
    except services.RegistrationError as error:
        return _date_page(request, occurrence, error=error, status=error.status)
    name = Row(registration).name
    messages.success(request, _("%(name)s is moved up from the waiting list.") % {"name": name})
    capacity_after = Occurrence.objects.values_list("capacity", flat=True).get(pk=occurrence.pk)
    if capacity_after != capacity_before:
        messages.info(request, _("The date now has %(capacity)s places.") % {"capacity": capacity_after})
    return redirect("registrations_staff:date", pk=occurrence.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def new_code(request, pk, registration_pk):
    """A new ticket code (a lost or shared ticket): asks first, because the old code stops working."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    registration = _registration_of(occurrence, registration_pk)
    if request.method == "GET":
        return _confirm(request, "new_code", occurrence, registration)
    services.regenerate_code(registration, by=request.user)
    messages.success(request, _("%(name)s has a new ticket code: %(code)s. The old one no longer works.")
                     % {"name": Row(registration).name, "code": registration.display_code})
    return redirect("registrations_staff:registration", pk=registration.pk)


CSV_COLUMNS = [
    pgettext_lazy("CSV column", "status"), pgettext_lazy("CSV column", "position"),
    pgettext_lazy("CSV column", "name"), pgettext_lazy("CSV column", "phone"), pgettext_lazy("CSV column", "e-mail"),
    pgettext_lazy("CSV column", "places"), pgettext_lazy("CSV column", "wheelchair"),
    pgettext_lazy("CSV column", "hearing"), pgettext_lazy("CSV column", "note"),
    pgettext_lazy("CSV column", "source"), pgettext_lazy("CSV column", "entered by"),
    pgettext_lazy("CSV column", "created"), pgettext_lazy("CSV column", "code"),
]
@staff_page
def export_csv(request, pk):
    """The date's list for Excel: UTF-8 with a BOM and ';' between columns, as Czech Excel expects."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    groups = group_rows(selectors.registrations_of(occurrence))
    yes = pgettext("CSV value", "yes")
    local_start = timezone.localtime(occurrence.start)
    response, writer = csv_response(f"prihlasky-{occurrence.series.slug}-{local_start:%Y-%m-%d-%H%M}.csv")
    writer.writerow([str(column) for column in CSV_COLUMNS])
    for row in groups["confirmed"] + groups["waiting"] + groups["cancelled"]:
        registration = row.registration
        writer.writerow([safe_cell(value) for value in (
            registration.get_status_display(), row.position or "", row.name, row.phone, row.email,
            registration.seats, yes if registration.needs_wheelchair else "",
            yes if registration.needs_hearing else "", registration.needs_note,
            registration.get_source_display(), row.entered_by,
            f"{timezone.localtime(registration.created_at):%Y-%m-%d %H:%M}", registration.display_code,
        )])
    return response


ATTENDANCE_CSV_COLUMNS = [
    pgettext_lazy("CSV column", "name"), pgettext_lazy("CSV column", "places"),
    pgettext_lazy("CSV column", "checked in"), pgettext_lazy("CSV column", "checked in by"),
    pgettext_lazy("CSV column", "code"),
]


@staff_page
def attendance_csv(request, pk):
    """Who came to the date and when (local time), one line per confirmed registration, for Czech Excel."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    groups = group_rows(stats.registrations_with_attendance(occurrence))
    local_start = timezone.localtime(occurrence.start)
    response, writer = csv_response(f"dochazka-{occurrence.series.slug}-{local_start:%Y-%m-%d-%H%M}.csv")
    writer.writerow([str(column) for column in ATTENDANCE_CSV_COLUMNS])
    for row in groups["confirmed"]:
        writer.writerow([safe_cell(value) for value in (
            row.name, row.registration.seats, f"{row.checked_in_at:%H:%M}" if row.checked_in_at else "",
            row.checked_in_by, row.registration.display_code,
        )])
    return response
