"""When the phone at the door dies: a list printed on paper, and its ticks typed in afterwards."""

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from events.models import Occurrence
from events.recurrence import PRAGUE
from registrations.door import check_in
from registrations.models import Registration, Scan
from registrations.paper import czech_sort_key, surname
from registrations.services import cancel
from tests.queries import count_queries
from tests.registrations.people import sign_up_by_office as sign_up

pytestmark = pytest.mark.django_db


def sheet_url(occurrence):
    return f"/sprava/termin/{occurrence.pk}/seznam-u-vchodu/"


def ticks_url(occurrence):
    return f"/sprava/termin/{occurrence.pk}/seznam-u-vchodu/odskrtnuti/"


@pytest.fixture
def evening(dance):
    """Five people for the dance (some with a companion and needs), and one more on the waiting list."""
    people = {
        "novak": sign_up(dance, "Jan Novák", "601000001"),
        "hruby": sign_up(dance, "Petr Hrubý", "601000002", seats=2, needs_wheelchair=True),
        "chalupa": sign_up(dance, "Eva Chalupa", "601000003", needs_hearing=True, needs_note="sedí u dveří"),
        "cibulka": sign_up(dance, "Jana Cibulka", "601000004"),
        "cermak": sign_up(dance, "Karel Čermák", "601000005", seats=2),
    }
    Occurrence.objects.filter(pk=dance.pk).update(capacity=7)
    dance.refresh_from_db()
    people["adamec"] = sign_up(dance, "Ota Adamec", "601000006")
    assert people["adamec"].status == Registration.Status.WAITLISTED
    return people


def test_czech_order_puts_c_before_c_caron_and_ch_after_h():
    names = ["Novák", "Hrubý", "Chalupa", "Cibulka", "Čermák", "Žák", "Zeman", "Šimek", "Svoboda", "Řezáč", "Rys"]
    assert sorted(names, key=czech_sort_key) == [
        "Cibulka", "Čermák", "Hrubý", "Chalupa", "Novák", "Rys", "Řezáč", "Svoboda", "Šimek", "Zeman", "Žák",
    ]


def test_accents_other_than_the_own_letters_and_case_only_break_ties():
    assert sorted(["Dvořák", "Dvorský", "Dvorak"], key=czech_sort_key) == ["Dvorak", "Dvorský", "Dvořák"]
    assert sorted(["Adámek", "Adamec", "Adamcová"], key=czech_sort_key) == ["Adamcová", "Adamec", "Adámek"]
    assert sorted(["Šťastná", "Stastny", "Šťastný"], key=czech_sort_key) == ["Stastny", "Šťastná", "Šťastný"]
    assert sorted(["novák", "Novak", "Novák"], key=czech_sort_key) == ["Novak", "novák", "Novák"]


def test_the_surname_is_the_last_word_of_the_name():
    assert surname("Jana  Marie Nováková") == "Nováková"
    assert surname("Chalupa") == "Chalupa"
    assert surname("") == ""


def test_the_printed_list_is_sorted_by_surname_with_places_needs_and_a_box_to_tick(client, organizer_a, dance,
                                                                                    evening):
    client.force_login(organizer_a)
    response = client.get(sheet_url(dance))
    assert response.status_code == 200
    page = response.content.decode()
    start = timezone.localtime(dance.start)
    assert "Seznam u vchodu: Oldies Goldies" in page
    assert f"{start:%H:%M}" in page and "Měšťanská beseda" in page
    registered, waiting = page.split('id="waiting-heading"')
    order = [registered.index(f'<strong class="surname">{name}</strong>')
             for name in ("Cibulka", "Čermák", "Hrubý", "Chalupa", "Novák")]
    assert order == sorted(order)
    hruby = registered.split('<strong class="surname">Hrubý</strong>')[1].split("</tr>")[0]
    assert ">2</td>" in hruby and "vozík" in hruby and 'class="tick-box"' in hruby
    chalupa = registered.split('<strong class="surname">Chalupa</strong>')[1].split("</tr>")[0]
    assert "sluch, sedí u dveří" in chalupa
    assert registered.count('class="tick-box"') == 5
    assert "5 přihlášek, 7 míst" in registered
    # The waiting list is apart, after the registered people, and nobody of it is among them.
    assert "Adamec" not in registered and '<strong class="surname">Adamec</strong>' in waiting
    assert "Čekací listina (1)" in page


def test_people_already_admitted_show_when_they_came_instead_of_an_empty_box(client, organizer_a, last_night,
                                                                            evening):
    dance = last_night
    check_in(dance, code=evening["novak"].code, nonce=uuid.uuid4().hex, by=organizer_a,
             scanned_at=dance.start.replace(minute=4))
    client.force_login(organizer_a)
    page = client.get(sheet_url(dance)).content.decode()
    novak = page.split('<strong class="surname">Novák</strong>')[1].split("</tr>")[0]
    assert "uvnitř od 18:04" in novak and "tick-box" not in novak


def test_cancelled_registrations_are_not_on_the_list(client, staff, dance, evening):
    cancel(evening["cibulka"], by=staff)
    client.force_login(staff)
    assert "Cibulka" not in client.get(sheet_url(dance)).content.decode()


def test_the_print_styles_are_a4_large_type_without_the_menu_and_rows_kept_whole(client, staff, dance, evening):
    from django.contrib.staticfiles import finders

    client.force_login(staff)
    page = client.get(sheet_url(dance)).content.decode()
    assert "css/door_sheet.css" in page and 'class="sheet-running print-only"' in page
    css = open(finders.find("css/door_sheet.css"), encoding="utf-8").read()
    printed = css.split("@media print")[1]
    for rule in ("size: A4", "html { font-size: 14pt; }", ".site-header", "break-inside: avoid",
                 "thead { display: table-header-group; }"):
        assert rule in printed


def test_the_date_page_links_to_the_list_and_the_ticks(client, organizer_a, dance):
    client.force_login(organizer_a)
    page = client.get(f"/sprava/termin/{dance.pk}/").content.decode()
    assert sheet_url(dance) in page and ticks_url(dance) in page


def test_an_organizer_of_another_series_gets_neither_page_and_changes_nothing(client, organizer_b, dance, evening):
    client.force_login(organizer_b)
    assert client.get(sheet_url(dance)).status_code == 404
    assert client.get(ticks_url(dance)).status_code == 404
    response = client.post(ticks_url(dance), {"came": [evening["novak"].pk]})
    assert response.status_code == 404
    assert "Tuto stránku jsme nenašli" in response.content.decode()
    assert not Scan.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, dance, evening):
    for response in (client.get(sheet_url(dance)), client.post(ticks_url(dance), {"came": [evening["novak"].pk]})):
        assert response.status_code == 302
        assert response["Location"].startswith("/prihlaseni/?next=/sprava/")
    assert not Scan.objects.exists()


def test_department_staff_may_open_any_date(client, staff, dance, evening):
    client.force_login(staff)
    assert client.get(sheet_url(dance)).status_code == 200
    assert client.get(ticks_url(dance)).status_code == 200


@pytest.fixture
def last_night(dance, evening):
    """The dance took place yesterday from 18:00 to 21:00, Prague time."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Occurrence.objects.filter(pk=dance.pk).update(
        start=datetime.combine(yesterday, time(18, 0), tzinfo=PRAGUE),
        end=datetime.combine(yesterday, time(21, 0), tzinfo=PRAGUE),
    )
    dance.refresh_from_db()
    return dance


def admissions():
    return Scan.objects.filter(status=Scan.Status.OK, undone_at__isnull=True)


def test_typed_ticks_admit_each_person_once_with_the_time_and_who_typed_them(client, organizer_a, last_night,
                                                                             evening):
    dance = last_night
    client.force_login(organizer_a)
    ticks = {"came": [evening["novak"].pk, evening["hruby"].pk], f"time_{evening['novak'].pk}": "18:05"}
    response = client.post(ticks_url(dance), ticks, follow=True)
    assert response.redirect_chain[-1][0] == f"/sprava/termin/{dance.pk}/"
    assert "Odbaveno z papírového seznamu: 2 přihlášky, 3 osoby." in response.content.decode()
    novak = admissions().get(registration=evening["novak"])
    assert novak.scanned_at == dance.start.replace(minute=5)
    assert novak.by == organizer_a and novak.nonce.startswith("paper-")
    hruby = admissions().get(registration=evening["hruby"])
    assert hruby.scanned_at == dance.start  # no time written: the start of the date

    again = client.post(ticks_url(dance), ticks, follow=True)
    assert "Už odbavení dříve, ponecháno beze změny: Petr Hrubý, Jan Novák." in again.content.decode()
    assert admissions().count() == 2 and Scan.objects.count() == 2


def test_a_tick_on_someone_admitted_at_the_door_changes_nothing(client, staff, organizer_a, dance, evening):
    check_in(dance, code=evening["cermak"].code, nonce=uuid.uuid4().hex, by=organizer_a)
    before = list(Scan.objects.values_list("pk", "scanned_at", "by"))
    client.force_login(staff)
    client.post(ticks_url(dance), {"came": [evening["cermak"].pk], f"time_{evening['cermak'].pk}": "20:00"})
    assert list(Scan.objects.values_list("pk", "scanned_at", "by")) == before


def test_the_form_lists_everyone_registered_by_surname_and_who_is_in(client, organizer_a, dance, evening):
    check_in(dance, code=evening["hruby"].code, nonce=uuid.uuid4().hex, by=organizer_a)
    client.force_login(organizer_a)
    page = client.get(ticks_url(dance)).content.decode()
    form = page.split('class="paper-ticks"')[1].split("</form>")[0]
    order = [form.index(f"<strong>{name}</strong>") for name in ("Cibulka", "Čermák", "Hrubý", "Chalupa", "Novák")]
    assert order == sorted(order)
    assert f'name="came" value="{evening["novak"].pk}"' in form
    assert f'name="came" value="{evening["hruby"].pk}"' not in form  # already in
    assert f'<label for="came-{evening["novak"].pk}">' in form
    assert f'name="time_{evening["novak"].pk}"' in form
    assert f'value="{evening["adamec"].pk}"' not in form


def test_a_cancelled_registration_refuses_the_list_in_czech_and_saves_nothing(client, staff, dance, evening):
    cancel(evening["cibulka"], by=staff)
    client.force_login(staff)
    response = client.post(ticks_url(dance), {"came": [evening["novak"].pk, evening["cibulka"].pk]})
    assert response.status_code == 409
    assert "Jana Cibulka: přihláška je zrušená" in response.content.decode()
    assert f'value="{evening["novak"].pk}" id="came-{evening["novak"].pk}" checked' in response.content.decode()
    assert not Scan.objects.exists()


def test_someone_on_the_waiting_list_must_be_moved_up_first(client, staff, dance, evening):
    client.force_login(staff)
    response = client.post(ticks_url(dance), {"came": [evening["adamec"].pk]})
    assert response.status_code == 409
    assert "Ota Adamec: přihláška je na čekací listině" in response.content.decode()
    assert not Scan.objects.exists()


def test_a_registration_of_another_date_is_refused(client, staff, dance, evening, nedam_se):
    other = sign_up(nedam_se.occurrences.order_by("start").first(), "Olga Jiná", "601000009")
    client.force_login(staff)
    response = client.post(ticks_url(dance), {"came": [evening["novak"].pk, other.pk]})
    assert response.status_code == 400
    assert "není na seznamu tohoto termínu" in response.content.decode()
    assert not Scan.objects.exists()


@pytest.mark.parametrize("typed", [{"came": ["abc"]}, {"came": ["99999999999999999999999"]}, {}])
def test_unreadable_or_empty_ticks_are_refused(client, staff, dance, evening, typed):
    client.force_login(staff)
    response = client.post(ticks_url(dance), typed)
    assert response.status_code == 400
    assert "nic se neuložilo" in response.content.decode()
    assert not Scan.objects.exists()


def test_an_unreadable_time_is_refused_next_to_the_name(client, staff, dance, evening):
    client.force_login(staff)
    response = client.post(ticks_url(dance), {"came": [evening["novak"].pk], f"time_{evening['novak'].pk}": "pozdě"})
    assert response.status_code == 400
    assert "Napište čas jako hodiny:minuty, například 18:05." in response.content.decode()
    assert not Scan.objects.exists()


def test_a_time_after_midnight_belongs_to_a_late_dance(make_series, organizer_a):
    from registrations.paper import moment_on_the_evening

    series = make_series("Noční tančírna", rule="", starts_on=timezone.localdate() + timedelta(days=3),
                         start_time=time(22, 0), duration=timedelta(hours=3), organizers=[organizer_a])
    night = series.occurrences.get()
    start = timezone.localtime(night.start)
    assert moment_on_the_evening(night, time(23, 15)) == start.replace(hour=23, minute=15)
    assert moment_on_the_evening(night, time(0, 30)) == (start + timedelta(days=1)).replace(hour=0, minute=30)
    assert moment_on_the_evening(night, time(21, 50)) == start.replace(hour=21, minute=50)


@pytest.mark.parametrize("url", [sheet_url, ticks_url])
def test_both_pages_cost_the_same_queries_for_5_and_30_registrations(client, organizer_a, dance, url):
    client.force_login(organizer_a)
    Occurrence.objects.filter(pk=dance.pk).update(capacity=100)
    dance.refresh_from_db()

    def queries_with(count):
        while Registration.objects.filter(occurrence=dance).count() < count:
            number = Registration.objects.count()
            registration = sign_up(dance, f"Host Číslo{number}", f"60200{number:04d}", needs_hearing=number % 2 == 0)
            if number % 3 == 0:
                check_in(dance, code=registration.code, nonce=uuid.uuid4().hex, by=organizer_a)
        return count_queries(client, url(dance))

    assert queries_with(5) == queries_with(30)
