"""After the dance, staff open the date and see who came, when, and who let them in."""

import csv
import io
import uuid
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from events.recurrence import PRAGUE
from registrations.door import check_in, undo_check_in
from registrations.models import Registration
from tests.queries import count_queries
from tests.registrations.people import sign_up

pytestmark = pytest.mark.django_db


def admit(registration, by, at=None):
    answer = check_in(registration.occurrence, code=registration.code, nonce=uuid.uuid4().hex, by=by, scanned_at=at)
    assert answer["status"] == "ok"


def yesterday_at(hour, minute):
    return datetime.combine(timezone.localdate() - timedelta(days=1), time(hour, minute), tzinfo=PRAGUE)


def came_cell(page, registration):
    """The "came" cell of the person's row (the row also shows when they registered)."""
    row = page.split(f'id="prihlaska-{registration.pk}"')[1].split("</tr>")[0]
    return row.split('class="checked-in">')[1].split("</td>")[0]


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def evening(dance, organizer_a):
    """Anna (2 places) and Božena came, Cyril did not, Dana stays on the waiting list."""
    anna = sign_up(dance, "Anna Malá", "601000001", seats=2)
    bozena = sign_up(dance, "Božena Velká", "601000002")
    cyril = sign_up(dance, "Cyril Dlouhý", "601000003")
    type(dance).objects.filter(pk=dance.pk).update(capacity=4)
    dana = sign_up(dance, "Dana Krátká", "601000004")
    assert dana.status == Registration.Status.WAITLISTED
    admit(anna, organizer_a, yesterday_at(17, 52))
    admit(bozena, organizer_a, yesterday_at(18, 7))
    return anna, bozena, cyril, dana


def test_the_date_page_shows_who_came_when_and_who_let_them_in(client, staff, dance, evening):
    anna, bozena, cyril, _dana = evening
    client.force_login(staff)
    response = client.get(f"/sprava/termin/{dance.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "17:52" in came_cell(page, anna) and "(Petr)" in came_cell(page, anna)
    assert "18:07" in came_cell(page, bozena)
    assert ":" not in came_cell(page, cyril) and "Petr" not in came_cell(page, cyril)
    assert response.context["attendance"] == {"came_seats": 3, "came_registrations": 2, "registered_seats": 4}
    total = page.split('class="attendance-total">')[1].split("</dd>")[0]
    assert "3" in total and "4" in total


def test_an_undone_admission_no_longer_counts(client, staff, dance, evening, organizer_a):
    anna = evening[0]
    undo_check_in(dance, code=anna.code, by=organizer_a)
    client.force_login(staff)
    response = client.get(f"/sprava/termin/{dance.pk}/")
    assert ":" not in came_cell(response.content.decode(), anna)
    assert response.context["attendance"]["came_seats"] == 1


def test_times_are_prague_local_time_also_in_summer_and_winter(client, staff, dance, organizer_a):
    summer = sign_up(dance, "Letní Host", "601000011")
    winter = sign_up(dance, "Zimní Host", "601000012")
    admit(summer, organizer_a, datetime(2024, 7, 3, 16, 5, tzinfo=PRAGUE))  # 14:05 UTC
    admit(winter, organizer_a, datetime(2024, 1, 10, 16, 5, tzinfo=PRAGUE))  # 15:05 UTC
    client.force_login(staff)
    page = client.get(f"/sprava/termin/{dance.pk}/").content.decode()
    assert "16:05" in came_cell(page, summer) and "16:05" in came_cell(page, winter)


def test_the_attendance_export_lists_confirmed_people_with_times(client, staff, dance, evening):
    client.force_login(staff)
    response = client.get(f"/sprava/termin/{dance.pk}/dochazka.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and "oldies-goldies" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[0] == "jméno" and header[1] == "místa" and len(header) == 5
    assert [row[:4] for row in rows] == [
        ["Anna Malá", "2", "17:52", "Petr"],
        ["Božena Velká", "1", "18:07", "Petr"],
        ["Cyril Dlouhý", "1", "", ""],
    ]
    assert rows[0][4] == evening[0].display_code


def test_anonymised_people_still_count_as_came(client, staff, dance, evening):
    from registrations.models import Person

    Person.objects.filter(registrations__occurrence=dance).update(
        name="—", phone="", email="", anonymised_at=timezone.now()
    )
    client.force_login(staff)
    response = client.get(f"/sprava/termin/{dance.pk}/")
    assert response.context["attendance"] == {"came_seats": 3, "came_registrations": 2, "registered_seats": 4}
    _header, *rows = read_csv(client.get(f"/sprava/termin/{dance.pk}/dochazka.csv"))
    assert [row[2] for row in rows] == ["17:52", "18:07", ""]


def test_only_those_who_manage_the_date_see_its_attendance(client, organizer_a, organizer_b, dance, evening):
    client.force_login(organizer_b)
    assert client.get(f"/sprava/termin/{dance.pk}/dochazka.csv").status_code == 404
    client.force_login(organizer_a)
    assert client.get(f"/sprava/termin/{dance.pk}/dochazka.csv").status_code == 200


def test_signed_out_visitors_are_sent_to_log_in(client, dance):
    response = client.get(f"/sprava/termin/{dance.pk}/dochazka.csv")
    assert response.status_code == 302 and response["Location"].startswith("/prihlaseni/?next=")


@pytest.mark.parametrize("url", ["/sprava/termin/{pk}/", "/sprava/termin/{pk}/dochazka.csv"])
def test_attendance_costs_the_same_queries_for_one_registration_and_many(client, staff, dance, organizer_a,
                                                                          organizer_b, url):
    url = url.format(pk=dance.pk)
    client.force_login(staff)
    first = sign_up(dance, "Anna", "601000001", source=Registration.Source.STAFF, entered_by=staff)
    admit(first, organizer_a, yesterday_at(17, 50))
    with_one = count_queries(client, url)
    for index in range(2, 14):
        registration = sign_up(dance, f"Host {index}", f"6010000{index:02d}", source=Registration.Source.STAFF,
                               entered_by=staff)
        if index % 3:
            admit(registration, organizer_a if index % 2 else staff, yesterday_at(18, index))
    assert count_queries(client, url) == with_one
