"""Volunteers help at events: staff open shifts, volunteers sign up or are asked and answer from a private link."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Occurrence
from volunteers import tasks
from volunteers.models import Assignment, CheckKind, Shift, Skill, VolunteerCheck
from volunteers.services import VolunteersError, ask, decline, mark_attendance, sign_up

from .conftest import cs


def test_staff_open_a_shift_on_a_date_of_an_event(client, staff, dance):
    client.force_login(staff)
    form = client.get(f"/sprava/dobrovolnici/smeny/nova/?termin={dance.pk}")
    assert "Oldies Goldies" in form.content.decode()

    local = timezone.localtime(dance.start)
    response = client.post("/sprava/dobrovolnici/smeny/nova/", {
        "occurrence": dance.pk, "role": "Šatna", "day": local.date().isoformat(), "start": "17:30", "end": "21:30",
        "places_needed": 2, "required_check": "", "note": "Vchod ze dvora.",
    })

    shift = Shift.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sprava/dobrovolnici/smeny/{shift.pk}/"
    assert (shift.role, shift.places_needed, shift.hours) == ("Šatna", 2, Decimal(4))
    assert timezone.localtime(shift.starts_at).strftime("%H:%M") == "17:30"


def test_a_shift_that_ends_before_it_starts_is_refused(client, staff, dance):
    client.force_login(staff)
    local = timezone.localtime(dance.start)
    response = client.post("/sprava/dobrovolnici/smeny/nova/", {
        "occurrence": dance.pk, "role": "Šatna", "day": local.date().isoformat(), "start": "21:30", "end": "17:30",
        "places_needed": 2,
    })
    assert response.status_code == 400
    assert cs("The shift must end after it starts.") in response.content.decode()
    assert not Shift.objects.exists()


def test_a_volunteer_signs_up_from_their_private_page(client, tomas, cloakroom):
    page = client.get(tomas.get_absolute_url())
    assert page.status_code == 200 and "Šatna" in page.content.decode()

    response = client.post(f"/dobrovolnik/{tomas.token}/smena/{cloakroom.pk}/prihlasit/")

    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.volunteer, assignment.status) == (tomas, Assignment.Status.CONFIRMED)
    cloakroom.refresh_from_db()
    assert cloakroom.places_taken == 1


def test_two_overlapping_shifts_are_refused_with_the_other_shift_named(client, tomas, cloakroom, make_shift, dance):
    sign_up(cloakroom, tomas)
    escort = make_shift(dance, "Doprovod vozíčkářů", start_offset=timedelta(hours=2), length=timedelta(hours=2))

    response = client.post(f"/dobrovolnik/{tomas.token}/smena/{escort.pk}/prihlasit/")

    assert response.status_code == 409
    start = timezone.localtime(cloakroom.starts_at)
    expected = cs("The volunteer already has another shift at that time: %(role)s, %(day)s %(start)s–%(end)s.") % {
        "role": "Šatna", "day": f"{start:%d. %m. %Y}", "start": "17:30", "end": "21:30",
    }
    assert expected in response.content.decode()
    assert Assignment.objects.count() == 1
    escort.refresh_from_db()
    assert escort.places_taken == 0


def test_back_to_back_shifts_do_not_overlap(tomas, cloakroom, make_shift, dance):
    sign_up(cloakroom, tomas)
    after = make_shift(dance, "Úklid", start_offset=timedelta(hours=3, minutes=30), length=timedelta(hours=1))
    sign_up(after, tomas)
    assert Assignment.objects.filter(volunteer=tomas).count() == 2


def test_a_full_shift_takes_nobody_else(tomas, lenka, make_shift, dance):
    single = make_shift(dance, "Pokladna", places_needed=1)
    sign_up(single, tomas)
    with pytest.raises(VolunteersError) as refused:
        sign_up(single, lenka)
    assert refused.value.code == "shift_full" and refused.value.status == 409
    assert refused.value.message == cs("Sorry, this shift already has all the people it needs.")
    assert Assignment.objects.count() == 1


def test_staff_ask_a_volunteer_who_confirms_from_the_link_in_the_email(client, staff, tomas, cloakroom,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sprava/dobrovolnici/smeny/{cloakroom.pk}/oslovit/", {"volunteer": tomas.pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.status == Assignment.Status.ASKED and assignment.asked_by == staff
    (message,) = mail.outbox
    assert message.to == [tomas.email] and tomas.get_absolute_url() in message.body

    client.logout()
    assert cs("Please confirm whether you can come.") in client.get(tomas.get_absolute_url()).content.decode()
    client.post(f"/dobrovolnik/{tomas.token}/prirazeni/{assignment.pk}/potvrdit/")

    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CONFIRMED and assignment.confirmed_at is not None


def test_declining_frees_the_place(client, tomas, cloakroom, staff):
    assignment = ask(cloakroom, tomas, by=staff)
    client.post(f"/dobrovolnik/{tomas.token}/prirazeni/{assignment.pk}/odmitnout/")
    assignment.refresh_from_db()
    cloakroom.refresh_from_db()
    assert assignment.status == Assignment.Status.DECLINED and cloakroom.places_taken == 0
    with pytest.raises(VolunteersError) as refused:
        decline(assignment)
    assert refused.value.code == "not_live"


def test_a_private_link_answers_only_for_its_own_volunteer(client, tomas, lenka, cloakroom, staff):
    assignment = ask(cloakroom, tomas, by=staff)
    assert client.get("/dobrovolnik/uhodnuty-odkaz/").status_code == 404
    assert client.post(f"/dobrovolnik/{lenka.token}/prirazeni/{assignment.pk}/odmitnout/").status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASKED


def test_a_role_with_children_needs_a_valid_criminal_record_check(tomas, make_shift, dance, staff):
    children = make_shift(dance, "Dětský koutek", required_check=CheckKind.CRIMINAL_RECORD)
    with pytest.raises(VolunteersError) as refused:
        sign_up(children, tomas)
    assert refused.value.code == "check_missing"

    check = VolunteerCheck.objects.create(volunteer=tomas, kind=CheckKind.CRIMINAL_RECORD,
                                          checked_on=date(2020, 1, 10), valid_until=date(2021, 1, 10))
    with pytest.raises(VolunteersError):
        sign_up(children, tomas)  # expired

    check.valid_until = timezone.localdate(dance.start) + timedelta(days=90)
    check.save()
    assert sign_up(children, tomas).is_confirmed


def test_only_the_dates_of_a_check_are_recorded(client, staff, tomas):
    client.force_login(staff)
    page = client.get(f"/sprava/dobrovolnici/{tomas.pk}/").content.decode()
    assert 'type="file"' not in page and "multipart" not in page
    today = timezone.localdate()

    future = client.post(f"/sprava/dobrovolnici/{tomas.pk}/proverka/", {
        "kind": "criminal_record", "checked_on": (today + timedelta(days=1)).isoformat(),
        "valid_until": (today + timedelta(days=200)).isoformat(),
    })
    assert future.status_code == 400 and cs("The check cannot be dated in the future.") in future.content.decode()
    client.post(f"/sprava/dobrovolnici/{tomas.pk}/proverka/", {
        "kind": "criminal_record", "checked_on": today.isoformat(),
        "valid_until": (today + timedelta(days=365)).isoformat(),
    })
    check = VolunteerCheck.objects.get()
    assert (check.checked_on, check.valid_until, check.recorded_by) == (today, today + timedelta(days=365), staff)
    assert {field.name for field in VolunteerCheck._meta.fields} == {
        "id", "volunteer", "kind", "checked_on", "valid_until", "recorded_by", "recorded_at",
    }


def test_the_reminder_goes_two_days_before_once_even_if_the_job_runs_twice(tomas, lenka, make_volunteer,
                                                                          cloakroom, staff,
                                                                          django_capture_on_commit_callbacks):
    sign_up(cloakroom, tomas)
    ask(cloakroom, lenka, by=staff)
    karel = make_volunteer("Karel Dvořáček")
    other = ask(cloakroom.__class__.objects.create(
        occurrence=cloakroom.occurrence, role="Pokladna", starts_at=cloakroom.starts_at,
        ends_at=cloakroom.ends_at, places_needed=1), karel, by=staff)
    decline(other)
    mail.outbox.clear()
    two_days_before = timezone.localtime(cloakroom.starts_at) - timedelta(days=2)
    morning = two_days_before.replace(hour=10, minute=0)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_shift_reminders(now=morning - timedelta(days=1)) == 0
        assert tasks.send_shift_reminders(now=morning) == 2
        assert tasks.send_shift_reminders(now=morning + timedelta(hours=1)) == 0

    assert sorted(message.to[0] for message in mail.outbox) == sorted([tomas.email, lenka.email])
    to_lenka = next(message for message in mail.outbox if message.to == [lenka.email])
    assert lenka.get_absolute_url() in to_lenka.body


@pytest.fixture
def last_week(oldies_goldies):
    """An Oldies Goldies evening a week ago, with its cloakroom shift."""
    start = timezone.now().replace(hour=17, minute=0, second=0, microsecond=0) - timedelta(days=7)
    occurrence = Occurrence.objects.create(series=oldies_goldies, recurrence_id=start, start=start,
                                           end=start + timedelta(hours=3))
    return Shift.objects.create(occurrence=occurrence, role="Šatna", starts_at=start - timedelta(minutes=30),
                                ends_at=start + timedelta(hours=3, minutes=30), places_needed=2, places_taken=2)


def put_on(shift, volunteer):
    return Assignment.objects.create(shift=shift, volunteer=volunteer, status=Assignment.Status.CONFIRMED,
                                     confirmed_at=shift.starts_at - timedelta(days=3))


def test_who_came_is_marked_only_after_the_shift_has_started(tomas, cloakroom, staff):
    assignment = sign_up(cloakroom, tomas)
    with pytest.raises(VolunteersError) as refused:
        mark_attendance(assignment, attended=True, by=staff)
    assert refused.value.code == "too_early"
    assignment.refresh_from_db()
    assert assignment.attended is None


def test_staff_mark_who_came_and_the_hours_add_up_per_volunteer_and_year(client, staff, tomas, lenka, last_week):
    came, missed = put_on(last_week, tomas), put_on(last_week, lenka)
    client.force_login(staff)
    url = f"/sprava/dobrovolnici/smeny/{last_week.pk}/prirazeni/"
    client.post(f"{url}{came.pk}/dochazka/", {"attended": "1", "hours": ""})
    client.post(f"{url}{missed.pk}/dochazka/", {"attended": "0"})
    bad = client.post(f"{url}{came.pk}/dochazka/", {"attended": "1", "hours": "30"})
    assert bad.status_code == 400

    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, came.hours, came.attendance_marked_by) == (True, Decimal("4.00"), staff)
    assert (missed.attended, missed.hours) == (False, Decimal(0))

    year = timezone.localtime(last_week.starts_at).year
    hours = client.get(f"/sprava/dobrovolnici/hodiny/?rok={year}").content.decode()
    assert "Tomáš Veselý" in hours and "Lenka Horáková" in hours
    lenka_page = client.get(f"/sprava/dobrovolnici/{lenka.pk}/").content.decode()
    assert 'class="no-show"' in lenka_page and cs("did not come", "attendance") in lenka_page
    csv_rows = client.get(f"/sprava/dobrovolnici/hodiny/?rok={year}&format=csv").content.decode("utf-8-sig")
    assert "Tomáš Veselý;4,00;1;0" in csv_rows and "Lenka Horáková;0,00;0;1" in csv_rows


def test_understaffed_shifts_stand_out(client, staff, tomas, lenka, cloakroom, make_shift, dance):
    full = make_shift(dance, "Pokladna", places_needed=1, start_offset=timedelta(days=7))
    sign_up(full, tomas)
    sign_up(cloakroom, lenka)  # one of two
    client.force_login(staff)
    html = client.get("/sprava/dobrovolnici/smeny/").content.decode()
    rows = html.split("<tr")[2:]
    cloakroom_row = next(row for row in rows if "Šatna" in row)
    full_row = next(row for row in rows if "Pokladna" in row)
    assert "row-understaffed" in cloakroom_row and cs("needs people") in cloakroom_row
    assert "row-understaffed" not in full_row and cs("needs people") not in full_row


def test_staff_find_volunteers_by_skill_and_availability(client, staff, make_volunteer):
    driving = Skill.objects.create(name="řízení auta", slug="ridic")
    music = Skill.objects.create(name="hudba", slug="hudba")
    driver = make_volunteer("Tomáš Veselý", weekends=True)
    driver.skills.add(driving)
    evening_driver = make_volunteer("Jiří Procházka", weekday_evenings=True)
    evening_driver.skills.add(driving)
    make_volunteer("Lenka Horáková", weekends=True).skills.add(music)
    client.force_login(staff)

    html = client.get("/sprava/dobrovolnici/?skill=ridic&available=weekends").content.decode()

    assert "Tomáš Veselý" in html
    assert "Jiří Procházka" not in html and "Lenka Horáková" not in html


def test_staff_add_a_volunteer_only_with_their_consent_and_a_contact(client, staff):
    client.force_login(staff)
    data = {"name": "Anna Králová", "email": "", "phone": "", "weekends": "on"}
    no_consent = client.post("/sprava/dobrovolnici/novy/", data)
    assert no_consent.status_code == 400
    no_contact = client.post("/sprava/dobrovolnici/novy/", {**data, "consent": "on"})
    assert no_contact.status_code == 400
    assert cs("Give a phone number or an e-mail of the volunteer.") in no_contact.content.decode()

    client.post("/sprava/dobrovolnici/novy/", {**data, "consent": "on", "phone": "724 555 666"})
    from volunteers.models import Volunteer

    anna = Volunteer.objects.get()
    assert (anna.phone, anna.weekends, anna.consent_at is not None) == ("+420724555666", True, True)


def test_the_volunteer_register_is_for_department_staff_only(client, organizer_a, juror, tomas, cloakroom):
    for user in (organizer_a, juror):
        client.force_login(user)
        for url in ("/sprava/dobrovolnici/", f"/sprava/dobrovolnici/{tomas.pk}/", "/sprava/dobrovolnici/smeny/",
                    f"/sprava/dobrovolnici/smeny/{cloakroom.pk}/", "/sprava/dobrovolnici/hodiny/"):
            assert client.get(url).status_code == 404, url
