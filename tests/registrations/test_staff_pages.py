"""Staff see the dates they manage, who comes to each, and act on someone's behalf."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Occurrence
from events.selectors import local_day_start
from registrations.models import Registration
from tests.queries import count_queries
from tests.registrations.people import sign_up

pytestmark = pytest.mark.django_db


def date_url(occurrence):
    return f"/sprava/termin/{occurrence.pk}/"


def action_url(registration, action):
    return f"/sprava/termin/{registration.occurrence_id}/prihlaska/{registration.pk}/{action}/"


def refreshed(registration):
    return Registration.objects.get(pk=registration.pk)


@pytest.fixture
def workshop_people(small_workshop):
    """Šikovné ruce (3 places): Anna 2 and Božena 1 confirmed, Cyril and Dana waiting, Emil cancelled."""
    from registrations.services import cancel

    anna = sign_up(small_workshop, "Anna Malá", email="anna@seznam.cz", seats=2, needs_wheelchair=True)
    bozena = sign_up(small_workshop, "Božena Velká", phone="601 000 002", needs_hearing=True, needs_note="Sedět vpředu")
    cyril = sign_up(small_workshop, "Cyril Dlouhý", phone="601000003", email="cyril@email.cz")
    dana = sign_up(small_workshop, "Dana Krátká", phone="601000004")
    emil = sign_up(small_workshop, "Emil Zrušený", phone="601000005")
    cancel(emil)
    return anna, bozena, cyril, dana, emil


# The staff home


def test_staff_see_every_managed_date_with_places_and_waiting(client, staff, workshop_people, small_workshop,
                                                              dance, nedam_se):
    client.force_login(staff)
    response = client.get("/sprava/")
    page = response.content.decode()
    assert response.status_code == 200
    for title in ("Šikovné ruce", "Oldies Goldies", "Nedám se!"):
        assert title in page
    listed = {occurrence.pk: occurrence for occurrence in response.context["dates"]}
    workshop = listed[small_workshop.pk]
    assert (workshop.seats_taken, workshop.capacity, workshop.waiting_count) == (3, 3, 2)
    assert listed[dance.pk].waiting_count == 0
    assert date_url(small_workshop) in page and date_url(dance) in page


def test_an_organizer_sees_only_the_dates_of_their_own_series(client, organizer_a, dance, nedam_se):
    client.force_login(organizer_a)
    page = client.get("/sprava/").content.decode()
    assert "Oldies Goldies" in page and date_url(dance) in page
    assert "Nedám se!" not in page
    assert not any(o.series_id == nedam_se.pk for o in client.get("/sprava/").context["dates"])


def test_someone_who_manages_nothing_gets_an_empty_polite_page(client, stranger, dance, nedam_se):
    client.force_login(stranger)
    response = client.get("/sprava/")
    assert response.status_code == 200
    assert response.context["dates"].paginator.count == 0 and not response.context["manages_any"]
    page = response.content.decode()
    assert "Oldies Goldies" not in page and "Nedám se!" not in page


def test_past_dates_are_left_out_and_today_s_stay(client, staff, make_series):
    in_a_week = timezone.localdate() + timedelta(days=7)
    today = make_series("Dnešní beseda", rule="", starts_on=in_a_week)
    past = make_series("Včerejší beseda", rule="", starts_on=in_a_week)
    # Early this morning, already over: still today's, so staff still see it.
    early = local_day_start(timezone.localdate()) + timedelta(minutes=1)
    Occurrence.objects.filter(series=today).update(start=early, end=early + timedelta(minutes=1))
    yesterday = early - timedelta(days=1)
    Occurrence.objects.filter(series=past).update(start=yesterday, end=yesterday + timedelta(hours=2))
    client.force_login(staff)
    listed = {o.series_id for o in client.get("/sprava/").context["dates"]}
    assert today.pk in listed and past.pk not in listed


def test_many_dates_are_shown_a_page_at_a_time(client, staff, make_series):
    make_series("Oldies Goldies", rule="FREQ=DAILY;COUNT=45", duration=timedelta(hours=1))
    client.force_login(staff)
    first = client.get("/sprava/")
    assert len(first.context["dates"]) == 40 and first.context["dates"].has_next()
    second = client.get("/sprava/?strana=2")
    assert len(second.context["dates"]) == 5
    assert client.get("/sprava/?strana=abc").status_code == 200


def test_the_home_page_costs_the_same_queries_for_one_date_and_many(client, staff, make_series):
    client.force_login(staff)
    one = make_series("Jednou", rule="", starts_on=timezone.localdate() + timedelta(days=3))
    sign_up(one.occurrences.get(), "Anna", phone="601000001")
    with_one = count_queries(client, "/sprava/")
    many = make_series("Často", rule="FREQ=DAILY;COUNT=30", duration=timedelta(hours=1), capacity=1)
    for index, occurrence in enumerate(many.occurrences.all()):
        sign_up(occurrence, f"Host {index}", phone=f"6020{index:05d}", source=Registration.Source.STAFF)
        sign_up(occurrence, f"Čekající {index}", phone=f"6030{index:05d}", source=Registration.Source.STAFF)
    with_many = count_queries(client, "/sprava/")
    assert with_many == with_one


# The list of one date


def test_the_list_groups_people_with_positions_needs_and_who_to_call(client, staff, workshop_people,
                                                                     small_workshop):
    anna, bozena, cyril, dana, emil = workshop_people
    client.force_login(staff)
    response = client.get(date_url(small_workshop))
    assert response.status_code == 200
    context = response.context
    assert [row.name for row in context["confirmed"]] == ["Anna Malá", "Božena Velká"]
    assert [(row.position, row.name) for row in context["waiting"]] == [(1, "Cyril Dlouhý"), (2, "Dana Krátká")]
    assert [row.name for row in context["cancelled"]] == ["Emil Zrušený"]
    assert context["waiting_seats"] == 2 and context["to_call"] == 2
    page = response.content.decode()
    rows = {r.pk: page.split(f'id="prihlaska-{r.pk}"')[1].split("</tr>")[0] for r in workshop_people}
    assert "+420 601 000 002" in rows[bozena.pk] and "sluch" in rows[bozena.pk] and "Sedět vpředu" in rows[bozena.pk]
    assert "anna@seznam.cz" in rows[anna.pk] and "vozík" in rows[anna.pk]
    # Only people with a phone and no e-mail carry the marker: they must be called.
    assert "call-marker" in rows[bozena.pk] and "call-marker" in rows[dana.pk]
    assert "call-marker" not in rows[anna.pk] and "call-marker" not in rows[cyril.pk]
    assert bozena.display_code in rows[bozena.pk]
    # Cancelled people cannot be cancelled again or moved up.
    assert action_url(emil, "zrusit") not in page and action_url(cyril, "posunout") in page
    assert action_url(anna, "posunout") not in page


def test_the_list_says_who_entered_a_registration(client, staff, small_workshop):
    sign_up(small_workshop, "Karel Novák", phone="777123456", source=Registration.Source.STAFF, entered_by=staff)
    sign_up(small_workshop, "Marie Webová", email="marie@seznam.cz")
    client.force_login(staff)
    page = client.get(date_url(small_workshop)).content.decode()
    assert "pracovník (Jana Nováková)" in page  # the source, then the staff member's name
    assert page.count("(Jana Nováková)") == 1 and "web" in page


def test_the_list_costs_the_same_queries_for_one_registration_and_many(client, staff, make_series):
    client.force_login(staff)
    occurrence = make_series("Nedám se!", rule="", capacity=5).occurrences.get()
    sign_up(occurrence, "Anna", phone="601000001", source=Registration.Source.STAFF, entered_by=staff)
    with_one = count_queries(client, date_url(occurrence))
    for index in range(2, 13):
        sign_up(occurrence, f"Host {index}", phone=f"6010000{index:02d}", source=Registration.Source.STAFF,
                entered_by=staff, needs_wheelchair=True)
    assert Registration.objects.filter(status="waitlisted").count() == 7
    assert count_queries(client, date_url(occurrence)) == with_one


# Acting on someone's behalf


def test_cancelling_on_someone_s_behalf_asks_first_then_moves_the_waiting_list(client, staff, workshop_people,
                                                                                small_workshop):
    anna, bozena, cyril, dana, emil = workshop_people
    client.force_login(staff)
    confirm = client.get(action_url(bozena, "zrusit"))
    assert confirm.status_code == 200 and "Božena Velká" in confirm.content.decode()
    assert refreshed(bozena).is_confirmed
    response = client.post(action_url(bozena, "zrusit"))
    assert response.status_code == 302 and response["Location"] == date_url(small_workshop)
    assert refreshed(bozena).is_cancelled
    assert refreshed(cyril).is_confirmed and refreshed(dana).is_waitlisted
    small_workshop.refresh_from_db()
    assert small_workshop.seats_taken == 3


def test_cancelling_twice_is_refused_in_czech(client, staff, workshop_people):
    emil = workshop_people[-1]
    client.force_login(staff)
    response = client.post(action_url(emil, "zrusit"))
    assert response.status_code == 409
    assert "Tato přihláška už je zrušená." in response.content.decode()


def test_cancelling_once_the_date_has_started_is_refused(client, staff, workshop_people, small_workshop):
    anna = workshop_people[0]
    now = timezone.now()
    Occurrence.objects.filter(pk=small_workshop.pk).update(start=now - timedelta(minutes=5),
                                                           end=now + timedelta(hours=1))
    client.force_login(staff)
    response = client.post(action_url(anna, "zrusit"))
    assert response.status_code == 409 and "Termín už začal" in response.content.decode()
    assert refreshed(anna).is_confirmed


def test_moving_up_by_hand_keeps_the_reason_and_grows_the_capacity(client, staff, workshop_people,
                                                                   small_workshop):
    dana = workshop_people[3]
    client.force_login(staff)
    response = client.post(action_url(dana, "posunout"), {"reason": "Vozíčkářka, doprovod zajištěn"})
    assert response.status_code == 302 and response["Location"] == date_url(small_workshop)
    dana = refreshed(dana)
    assert dana.is_confirmed and "Vozíčkářka, doprovod zajištěn" in dana.promotion_note
    assert staff.username in dana.promotion_note
    small_workshop.refresh_from_db()
    assert (small_workshop.seats_taken, small_workshop.capacity) == (4, 4)
    page = client.get(date_url(small_workshop)).content.decode()
    assert "Vozíčkářka, doprovod zajištěn" in page


def test_moving_up_without_a_reason_is_refused_and_changes_nothing(client, staff, workshop_people,
                                                                   small_workshop):
    cyril = workshop_people[2]
    client.force_login(staff)
    response = client.post(action_url(cyril, "posunout"), {"reason": "   "})
    assert response.status_code == 400
    assert "Napište, proč tohoto člověka posouváte z čekací listiny." in response.content.decode()
    assert refreshed(cyril).is_waitlisted
    small_workshop.refresh_from_db()
    assert (small_workshop.seats_taken, small_workshop.capacity) == (3, 3)


def test_moving_up_someone_who_is_not_waiting_is_refused(client, staff, workshop_people):
    anna = workshop_people[0]
    client.force_login(staff)
    response = client.post(action_url(anna, "posunout"), {"reason": "Omyl"})
    assert response.status_code == 409 and "není na čekací listině" in response.content.decode()


def test_moving_up_needs_a_form_not_a_link(client, staff, workshop_people):
    client.force_login(staff)
    assert client.get(action_url(workshop_people[2], "posunout")).status_code == 405
    assert refreshed(workshop_people[2]).is_waitlisted


def test_a_new_ticket_code_asks_first_and_the_old_code_stops_working(client, staff, workshop_people):
    anna = workshop_people[0]
    old_ticket = anna.get_absolute_url()
    client.force_login(staff)
    assert client.get(action_url(anna, "novy-kod")).status_code == 200
    assert refreshed(anna).code == anna.code
    response = client.post(action_url(anna, "novy-kod"))
    anna_now = refreshed(anna)
    assert anna_now.code != anna.code
    assert response.status_code == 302 and response["Location"] == f"/sprava/prihlaska/{anna.pk}/"
    assert anna_now.display_code in client.get(response["Location"]).content.decode()
    assert client.get(old_ticket).status_code == 404
    assert client.get(anna_now.get_absolute_url()).status_code == 200


def test_a_registration_of_another_date_cannot_be_reached_through_this_date(client, staff, workshop_people,
                                                                            dance):
    anna = workshop_people[0]
    client.force_login(staff)
    wrong = f"/sprava/termin/{dance.pk}/prihlaska/{anna.pk}/"
    assert client.get(wrong + "zrusit/").status_code == 404
    assert client.post(wrong + "zrusit/").status_code == 404
    assert client.post(wrong + "posunout/", {"reason": "x"}).status_code == 404
    assert client.post(wrong + "novy-kod/").status_code == 404
    assert refreshed(anna).is_confirmed and refreshed(anna).code == anna.code


def test_missing_dates_and_registrations_are_404(client, staff, dance):
    client.force_login(staff)
    assert client.get("/sprava/termin/999999/").status_code == 404
    assert client.get("/sprava/termin/999999/export.csv").status_code == 404
    assert client.get("/sprava/prihlaska/999999/").status_code == 404
    assert client.post(f"/sprava/termin/{dance.pk}/prihlaska/999999/zrusit/").status_code == 404


# The export for Excel


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_export_opens_in_czech_excel_with_every_column(client, staff, workshop_people, small_workshop):
    anna, bozena, cyril, dana, emil = workshop_people
    client.force_login(staff)
    response = client.get(f"/sprava/termin/{small_workshop.pk}/export.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and "sikovne-ruce" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert len(header) == 13
    assert [row[2] for row in rows] == ["Anna Malá", "Božena Velká", "Cyril Dlouhý", "Dana Krátká", "Emil Zrušený"]
    assert [row[0] for row in rows] == ["potvrzeno", "potvrzeno", "čekací listina", "čekací listina", "zrušeno"]
    assert [row[1] for row in rows] == ["", "", "1", "2", ""]
    anna_row, bozena_row = rows[0], rows[1]
    assert anna_row[4] == "anna@seznam.cz" and anna_row[5] == "2" and anna_row[6] != "" and anna_row[7] == ""
    # Plainly a phone number: no apostrophe in front of it (see test_csv_phones.py).
    assert bozena_row[3] == "+420 601 000 002" and bozena_row[7] != "" and bozena_row[8] == "Sedět vpředu"
    assert bozena_row[9] == "web" and bozena_row[12] == bozena.display_code
    assert bozena_row[11] == f"{timezone.localtime(bozena.created_at):%Y-%m-%d %H:%M}"


def test_the_export_neutralises_formulas_typed_into_the_public_form(client, staff, dance):
    sign_up(dance, "=HYPERLINK(\"http://zle.example\")", phone="601000001", needs_note="@SUM(A1)")
    client.force_login(staff)
    _header, row = read_csv(client.get(f"/sprava/termin/{dance.pk}/export.csv"))
    assert row[2].startswith("'=") and row[8] == "'@SUM(A1)"


def test_the_export_costs_the_same_queries_for_one_registration_and_many(client, staff, dance):
    client.force_login(staff)
    url = f"/sprava/termin/{dance.pk}/export.csv"
    sign_up(dance, "Anna", phone="601000001", source=Registration.Source.STAFF, entered_by=staff)
    with_one = count_queries(client, url)
    for index in range(2, 12):
        sign_up(dance, f"Host {index}", phone=f"6010000{index:02d}", source=Registration.Source.STAFF,
                entered_by=staff)
    assert count_queries(client, url) == with_one


# The ticket view for staff


def test_the_staff_ticket_view_says_whether_the_person_has_an_e_mail(client, staff, workshop_people):
    anna, bozena = workshop_people[:2]
    client.force_login(staff)
    with_email = client.get(f"/sprava/prihlaska/{anna.pk}/").content.decode()
    phone_only = client.get(f"/sprava/prihlaska/{bozena.pk}/").content.decode()
    assert "anna@seznam.cz" in with_email and "notice-call" not in with_email
    assert "notice-call" in phone_only and "+420 601 000 002" in phone_only
    assert bozena.get_absolute_url() in phone_only  # the printable public ticket
    assert "Vytisknout vstupenku" in phone_only


def test_the_staff_ticket_view_shows_the_place_in_the_queue(client, staff, workshop_people):
    dana = workshop_people[3]
    client.force_login(staff)
    response = client.get(f"/sprava/prihlaska/{dana.pk}/")
    assert response.status_code == 200 and response.context["position"] == 2
