"""The department looks back: how many registered, how many came, by event, audience and month."""

import csv
import io
import re
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from events.models import Occurrence
from events.recurrence import PRAGUE
from registrations.door import check_in
from registrations.models import Person, Registration
from registrations.services import anonymise_people, cancel
from registrations.stats import Period, default_period
from registrations.stats_views import nice_step
from tests.queries import count_queries
from tests.registrations.people import sign_up_by_office as sign_up

pytestmark = pytest.mark.django_db

URL = "/sprava/statistiky/"


def admit(registration, by):
    answer = check_in(registration.occurrence, code=registration.code, nonce=uuid.uuid4().hex, by=by)
    assert answer["status"] == "ok"


def move(occurrence, start, duration=timedelta(hours=3)):
    """Registration is only open before a date, so dates are filled first and then moved where a test needs them."""
    Occurrence.objects.filter(pk=occurrence.pk).update(start=start, end=start + duration)
    occurrence.refresh_from_db()
    return occurrence


def local(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PRAGUE)


def days_ago(days, hour=18):
    return local(timezone.localdate() - timedelta(days=days), hour)


def lines_by_label(lines):
    return {line.label: line for line in lines}


def numbers(line):
    return (line.dates, line.registered, line.came, line.rate, line.no_shows, line.cancelled, line.waiting)


def read_csv(response):
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def season(oldies_goldies, nedam_se, organizer_a, organizer_b, disabled):
    """Ten days ago an Oldies Goldies evening: Anna, Božena and Cyril registered, Anna and Božena came,
    Emil cancelled, Dana stayed on the waiting list. Twenty days ago Nedám se! (for seniors and the
    disabled): two couples registered and both came. Later dates of both series have not happened yet.
    """
    evening = oldies_goldies.occurrences.order_by("start").first()
    anna = sign_up(evening, "Anna Malá", "601000001")
    bozena = sign_up(evening, "Božena Velká", "601000002")
    sign_up(evening, "Cyril Dlouhý", "601000003")
    cancel(sign_up(evening, "Emil Zrušený", "601000005"))
    Occurrence.objects.filter(pk=evening.pk).update(capacity=3)
    assert sign_up(evening, "Dana Krátká", "601000004").status == Registration.Status.WAITLISTED
    move(evening, days_ago(10))
    admit(anna, organizer_a)
    admit(bozena, organizer_a)

    nedam_se.audiences.add(disabled)
    workshop = nedam_se.occurrences.order_by("start").first()
    couples = [sign_up(workshop, "Karel Novák", "602000001", seats=2), sign_up(workshop, "Marie Nová", "602000002",
                                                                              seats=2)]
    move(workshop, days_ago(20, hour=10), timedelta(hours=2))
    for registration in couples:
        admit(registration, organizer_b)
    # Something still ahead, with registrations: not counted until it begins.
    sign_up(oldies_goldies.occurrences.order_by("start")[1], "Budoucí Host", "603000001")
    return evening, workshop


def test_staff_see_registered_against_came_for_every_event(client, staff, season):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    series = lines_by_label(response.context["series"])
    assert numbers(series["Oldies Goldies"]) == (1, 3, 2, 67, 1, 1, 1)
    assert numbers(series["Nedám se!"]) == (1, 4, 4, 100, 0, 0, 0)
    assert numbers(response.context["total"]) == (2, 7, 6, 86, 1, 1, 1)
    page = response.content.decode()
    table = page.split('id="tabulka-akce"')[1].split("</table>")[0]
    oldies_row = table.split("Oldies Goldies")[1].split("</tr>")[0]
    assert re.findall(r'<td class="number">([^<]*)</td>', oldies_row) == ["1", "3", "2", "67&nbsp;%", "1", "1", "1"]


def test_audiences_count_each_event_once_per_audience(client, staff, season):
    client.force_login(staff)
    audiences = lines_by_label(client.get(URL).context["audiences"])
    assert numbers(audiences["senioři"]) == (2, 7, 6, 86, 1, 1, 1)
    assert numbers(audiences["zdravotně postižení"]) == (1, 4, 4, 100, 0, 0, 0)


def test_each_table_downloads_for_czech_excel(client, staff, season):
    client.force_login(staff)
    header, *rows = read_csv(client.get(URL + "akce.csv"))
    assert len(header) == 8
    assert rows == [["Nedám se!", "1", "4", "4", "100", "0", "0", "0"],
                    ["Oldies Goldies", "1", "3", "2", "67", "1", "1", "1"]]
    _header, *audiences = read_csv(client.get(URL + "skupiny.csv"))
    assert audiences == [["senioři", "2", "7", "6", "86", "1", "1", "1"],
                         ["zdravotně postižení", "1", "4", "4", "100", "0", "0", "0"]]
    _header, *months = read_csv(client.get(URL + "mesice.csv"))
    assert len(months) == 12
    assert sum(int(row[2]) for row in months) == 7 and sum(int(row[3]) for row in months) == 6
    assert client.get(URL + "nic.csv").status_code == 404


def test_the_csv_file_names_the_table_and_the_period(client, staff, season):
    client.force_login(staff)
    response = client.get(URL + "akce.csv?from=2025-01-01&to=2025-06-30")
    assert 'filename="statistiky-akce-2025-01-01-2025-06-30.csv"' in response["Content-Disposition"]


@pytest.mark.parametrize(("persona", "expected"), [
    ("organizer_a", {"Oldies Goldies": (1, 3, 2, 67, 1, 1, 1)}),
    ("organizer_b", {"Nedám se!": (1, 4, 4, 100, 0, 0, 0)}),
])
def test_an_organizer_sees_only_their_own_events(request, client, season, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert {label: numbers(line) for label, line in lines_by_label(response.context["series"]).items()} == expected
    (only,) = expected.values()
    assert numbers(response.context["total"]) == only
    rows = read_csv(client.get(URL + "akce.csv"))[1:]
    assert [row[0] for row in rows] == list(expected)


def test_someone_who_manages_nothing_gets_an_empty_page(client, stranger, season):
    client.force_login(stranger)
    response = client.get(URL)
    assert response.status_code == 200 and not response.context["manages_any"]
    page = response.content.decode()
    assert "Oldies Goldies" not in page and "Nedám se!" not in page and "<svg" not in page
    assert read_csv(client.get(URL + "akce.csv"))[1:] == []


def test_signed_out_visitors_are_sent_to_log_in(client, season):
    for url in (URL, URL + "akce.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/prihlaseni/?next=")


def test_a_running_date_counts_who_came_but_nobody_is_a_no_show_yet(client, staff, make_series, organizer_a):
    today = make_series("Senioři baví seniory", rule="", starts_on=timezone.localdate() + timedelta(days=3))
    running = today.occurrences.get()
    first = sign_up(running, "Alena První", "604000001")
    sign_up(running, "Bedřich Druhý", "604000002")
    move(running, timezone.now() - timedelta(minutes=30))
    admit(first, organizer_a)
    client.force_login(staff)
    (line,) = client.get(URL).context["series"]
    assert numbers(line) == (1, 2, 1, 50, 0, 0, 0)


def test_months_are_counted_in_prague_time(client, staff, make_series, organizer_a):
    """23:30 on the last day of a month belongs to that month; 00:30 on the 1st (still the day before in UTC)
    belongs to the new month."""
    first_of_last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    last_day_before = first_of_last_month - timedelta(days=1)
    series = make_series("Umííí", rule="FREQ=WEEKLY;COUNT=2", starts_on=timezone.localdate() + timedelta(days=3))
    late, early = series.occurrences.order_by("start")
    admit(sign_up(late, "Olga Pozdní", "605000001"), organizer_a)
    sign_up(early, "Pavel Časný", "605000002", seats=2)
    move(late, local(last_day_before, 23, 30), timedelta(minutes=20))
    move(early, local(first_of_last_month, 0, 30), timedelta(minutes=20))
    client.force_login(staff)
    months = {line.key: line for line in client.get(URL).context["months"]}
    assert numbers(months[last_day_before.replace(day=1)]) == (1, 1, 1, 100, 0, 0, 0)
    assert numbers(months[first_of_last_month]) == (1, 2, 0, 0, 2, 0, 0)
    rows = {row[0]: row for row in read_csv(client.get(URL + "mesice.csv"))[1:]}
    assert rows[f"{first_of_last_month:%Y-%m}"][1:4] == ["1", "2", "0"]
    assert rows[f"{last_day_before:%Y-%m}"][1:4] == ["1", "1", "1"]


def test_the_period_defaults_to_the_last_twelve_months_and_can_be_chosen(client, staff, season):
    client.force_login(staff)
    response = client.get(URL)
    today = timezone.localdate()
    assert response.context["period"] == default_period(today) and response.context["period"].last == today
    assert len(response.context["months"]) == 12 and response.context["months"][-1].key == today.replace(day=1)
    # A period that ends before both dates counts nothing.
    before = today - timedelta(days=25)
    quiet = client.get(URL, {"from": (before - timedelta(days=30)).isoformat(), "to": before.isoformat()})
    assert quiet.status_code == 200
    assert quiet.context["period"] == Period(before - timedelta(days=30), before)
    assert numbers(quiet.context["total"]) == (0, 0, 0, None, 0, 0, 0)
    # The Czech date form works too.
    assert client.get(URL, {"from": f"{before:%d.%m.%Y}"}).context["period"].first == before


@pytest.mark.parametrize(("query", "czech"), [
    ({"from": "2025-13-45"}, "Zadejte datum jako RRRR-MM-DD"),
    ({"to": "včera"}, "Zadejte datum jako RRRR-MM-DD"),
    ({"from": "2025-06-01", "to": "2025-05-01"}, "Konec období je dříve než jeho začátek."),
    ({"from": "1800-01-01", "to": "1800-02-01"}, "Zvolte datum mezi roky 1900 a 2999."),
    ({"from": "2015-01-01", "to": "2025-01-01"}, "Vyberte najednou nejvýše"),
])
def test_a_bad_period_is_refused_in_czech(client, staff, season, query, czech):
    client.force_login(staff)
    response = client.get(URL, query)
    assert response.status_code == 400 and czech in response.content.decode()
    csv_response = client.get(URL + "akce.csv", query)
    assert csv_response.status_code == 400 and czech in csv_response.content.decode()


def test_anonymised_people_still_count(client, staff, season):
    assert anonymise_people(before=timezone.now()) >= 6
    assert Person.objects.filter(anonymised_at__isnull=False, name="—").exists()
    client.force_login(staff)
    response = client.get(URL)
    assert numbers(response.context["total"]) == (2, 7, 6, 86, 1, 1, 1)


def test_the_chart_draws_each_month_with_its_numbers_and_a_text_alternative(client, staff, season):
    client.force_login(staff)
    response = client.get(URL)
    page = response.content.decode()
    svg = page.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg and "<desc" in svg
    assert re.search(r'viewBox="0 0 \d+(\.\d+)? 380"', svg)  # no decimal commas from the Czech locale
    chart = response.context["chart"]
    assert len(chart["groups"]) == 12
    drawn = [[bar["value"] for bar in group["bars"]] for group in chart["groups"]]
    by_month = [[line.registered, line.came] for line in response.context["months"]]
    assert drawn == by_month and sum(pair[0] for pair in drawn) == 7
    # Taller bar for more places; the numbers are written in the chart as text, too.
    for group in chart["groups"]:
        registered, came = group["bars"]
        assert (registered["height"] >= came["height"]) == (registered["value"] >= came["value"])
        for bar in group["bars"]:
            assert f'>{bar["value"]}</text>' in svg
    # And the same numbers are in a real table right below.
    assert page.index("</svg>") < page.index('id="tabulka-mesice"')


def test_nice_steps_for_the_axis():
    assert [nice_step(peak) for peak in (0, 1, 4, 5, 9, 40, 41, 199, 201)] == [1, 1, 1, 2, 5, 10, 20, 50, 100]


def test_the_statistics_cost_the_same_queries_for_one_date_and_many(client, staff, make_series, organizer_a,
                                                                     disabled):
    client.force_login(staff)
    one = make_series("Jednou", rule="", starts_on=timezone.localdate() + timedelta(days=3))
    admit(sign_up(one.occurrences.get(), "Anna", "606000001"), organizer_a)
    move(one.occurrences.get(), days_ago(40))
    urls = (URL, URL + "akce.csv", URL + "skupiny.csv", URL + "mesice.csv")
    with_one = [count_queries(client, url) for url in urls]
    for number, title in enumerate(("Často", "Ještě častěji", "Šikovné ruce")):
        series = make_series(title, rule="FREQ=DAILY;COUNT=6", audiences=[disabled],
                             starts_on=timezone.localdate() + timedelta(days=3))
        for index, occurrence in enumerate(series.occurrences.all()):
            for person in range(4):
                phone = f"60{number}1{index:02d}{person:03d}"
                registration = sign_up(occurrence, f"Host {number} {index} {person}", phone)
                if person % 2:
                    admit(registration, organizer_a)
            move(occurrence, days_ago(30 * index + 5))
    assert [count_queries(client, url) for url in urls] == with_one


def test_default_period_starts_on_the_first_of_the_month_eleven_months_back():
    assert default_period(date(2025, 6, 15)) == Period(date(2024, 7, 1), date(2025, 6, 15))
    assert default_period(date(2025, 12, 31)) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert default_period(date(2025, 1, 1)) == Period(date(2024, 2, 1), date(2025, 1, 1))


def test_only_held_dates_that_take_registrations_are_counted(client, staff, make_series, organizer_a):
    soon = timezone.localdate() + timedelta(days=3)
    drive = make_series("Ukliď šatník!", rule="", starts_on=soon, registration_required=False, audiences=[])
    cancelled = make_series("Šikovné ruce", rule="", starts_on=soon).occurrences.get()
    sign_up(cancelled, "Zrušená Akce", "607000001")
    Occurrence.objects.filter(pk=cancelled.pk).update(status=Occurrence.Status.CANCELLED)
    for_nobody = make_series("Prostě pořád řídím", rule="", starts_on=soon, audiences=[]).occurrences.get()
    admit(sign_up(for_nobody, "Řidič Starší", "607000002"), organizer_a)
    for occurrence in (drive.occurrences.get(), cancelled, for_nobody):
        move(occurrence, days_ago(3))
    client.force_login(staff)
    response = client.get(URL)
    assert [line.label for line in response.context["series"]] == ["Prostě pořád řídím"]
    (audience,) = response.context["audiences"]
    assert audience.key is None and numbers(audience) == (1, 1, 1, 100, 0, 0, 0)
