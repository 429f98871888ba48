"""A citizen finds a running drive from the programme, sees what is needed most and where to bring it, and pledges."""

import html
import re
from datetime import time, timedelta

import pytest

from drives import services
from drives.models import Drive, Need, Pledge, Unit, Weekday

from .conftest import czech, in_czech, need_of, point_at

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def test_the_programme_links_to_the_running_drives(client, uklid_satnik):
    programme = client.get("/")

    assert 'href="/sbirky/"' in programme.content.decode()
    assert "csrfmiddlewaretoken" not in programme.content.decode()  # the cached programme stays token-free
    listing = client.get("/sbirky/")
    assert [drive.slug for drive in listing.context["running"]] == ["uklid-satnik"]


def test_the_list_shows_running_drives_with_their_progress_and_the_finished_ones_apart(
    client, uklid_satnik, nebudme_lhostejni, make_drive, martinska, staff,
):
    services.log_donation(need_of(uklid_satnik, "Zimní bundy"), point=point_at(uklid_satnik, martinska),
                          quantity=60, by=staff)
    services.close_drive(nebudme_lhostejni, by=staff)
    make_drive("Školní pomůcky", slug="skolni-pomucky", status=Drive.Status.PREPARED,
               needs=[("Aktovky", Unit.PIECE, 10, 1)])

    response = client.get("/sbirky/")

    assert [drive.slug for drive in response.context["running"]] == ["uklid-satnik"]
    assert [drive.slug for drive in response.context["closed"]] == ["nebudme-lhostejni"]
    assert "skolni-pomucky" not in response.content.decode()
    assert response.context["running"][0].overall == 20  # (60 % + 0 % + 0 %) / 3
    assert '<progress max="100" value="20"' in response.content.decode()
    assert czech("Collection hours in your calendar") in text_of(response)
    assert "kind=collection" in response.content.decode()


def test_the_drive_page_lists_the_most_needed_first_with_numbers_in_words(client, make_drive, martinska, staff):
    drive = make_drive(needs=[("Deky", Unit.PIECE, 20, Need.Priority.WELCOME),
                              ("Zimní boty", Unit.PAIR, 50, Need.Priority.URGENT),
                              ("Dětské oblečení", Unit.BAG, 40, Need.Priority.NEEDED)],
                       points={martinska: [(day, time(0, 0), time(23, 59)) for day in Weekday.values]})
    boots = need_of(drive, "Zimní boty")
    services.log_donation(boots, point=point_at(drive, martinska), quantity=20, by=staff)
    services.make_pledge(boots, quantity=5)
    boots.refresh_from_db()

    response = client.get(drive.get_absolute_url())

    assert [need.name for need in response.context["needs"]] == ["Zimní boty", "Dětské oblečení", "Deky"]
    page = text_of(response)
    assert f'<progress id="progress-{boots.pk}" max="50" value="20"' in page
    assert in_czech(lambda: boots.progress_text) in page  # "20 párů z 50 párů (40 %)"
    assert in_czech(lambda: boots.pledged_text) in page  # promised apart, not counted
    assert response.context["overall"] == (40 + 0 + 0) // 3
    assert czech("most needed now") in page


def test_the_drive_page_shows_today_s_hours_of_each_point(client, uklid_satnik, make_drive, serikova, today):
    response = client.get(uklid_satnik.get_absolute_url())

    points = {point.venue.slug: point for point in response.context["points"]}
    magistrate, serikova_point = points["martinska-2"], points["kd-serikova"]
    assert magistrate.today.day == today
    if today.weekday() < 5:
        assert magistrate.today.slots_text == "8:00–17:00"
        assert "8:00–17:00" in text_of(response)
    else:
        assert not magistrate.today.is_open and magistrate.next_day.slots_text == "8:00–17:00"
    assert serikova_point.week == [(in_czech(lambda: Weekday.TUESDAY.label), "14:00–18:00"),
                                   (in_czech(lambda: Weekday.SATURDAY.label), "9:00–12:00")]


def test_an_exception_today_is_what_the_page_says(client, uklid_satnik, martinska, today):
    services.set_exception(point_at(uklid_satnik, martinska), day=today, closed=True, note="inventura", by=None)

    response = client.get(uklid_satnik.get_absolute_url())

    (magistrate,) = [point for point in response.context["points"] if point.venue.slug == "martinska-2"]
    assert not magistrate.today.is_open and not magistrate.open_now
    assert "inventura" in text_of(response)


def test_a_citizen_pledges_anonymously_and_it_does_not_count_yet(client, uklid_satnik, serikova):
    bags = need_of(uklid_satnik, "Dětské oblečení")
    form = client.get(uklid_satnik.get_absolute_url()).content.decode()
    assert f'action="/sbirky/{uklid_satnik.slug}/prislib/"' in form

    response = client.post(f"/sbirky/{uklid_satnik.slug}/prislib/",
                           {"need": bags.pk, "quantity": "2", "point": point_at(uklid_satnik, serikova).pk},
                           follow=True)

    assert response.redirect_chain == [(uklid_satnik.get_absolute_url(), 302)]
    pledge = Pledge.objects.get()
    assert (pledge.need, pledge.quantity, pledge.name, pledge.status, pledge.source) == (bags, 2, "", "open", "web")
    bags.refresh_from_db()
    assert (bags.received, bags.pledged) == (0, 2)
    assert czech("Thank you! You promised %(amount)s of %(need)s. It counts once it is brought to a collection "
                 "point.", amount=in_czech(bags.amount, 2), need=bags.name) in text_of(response)


def test_pledges_are_limited_per_address(client, uklid_satnik, settings):
    settings.SPOLU_PLEDGE_THROTTLE = "2/hour"
    deky = need_of(uklid_satnik, "Deky")

    answers = [client.post(f"/sbirky/{uklid_satnik.slug}/prislib/", {"need": deky.pk, "quantity": "1"})
               for _ in range(3)]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 3600
    assert czech("Too many pledges from this connection. Please call the department.") in text_of(answers[-1])
    assert Pledge.objects.count() == 2


def test_staff_are_not_limited(client, uklid_satnik, staff, settings):
    settings.SPOLU_PLEDGE_THROTTLE = "1/hour"
    client.force_login(staff)
    deky = need_of(uklid_satnik, "Deky")

    for _ in range(3):
        assert client.post(f"/sbirky/{uklid_satnik.slug}/prislib/", {"need": deky.pk, "quantity": "1"}
                           ).status_code == 302


def test_a_closed_drive_thanks_everyone_shows_the_result_and_takes_no_pledges(client, uklid_satnik, martinska,
                                                                              staff):
    services.log_donation(need_of(uklid_satnik, "Deky"), point=point_at(uklid_satnik, martinska), quantity=20,
                          by=staff)
    services.close_drive(uklid_satnik, by=staff)

    response = client.get(uklid_satnik.get_absolute_url())

    page = text_of(response)
    assert response.context["form"] is None and "prislib" not in page
    assert czech("The drive is closed. Thank you to everyone who helped!") in page
    assert czech("What was collected") in page


def test_a_drive_past_its_last_day_says_so_and_takes_no_pledges(client, make_drive, today):
    drive = make_drive(needs=[("Deky", Unit.PIECE, 5, 1)], starts_on=today - timedelta(days=20),
                       ends_on=today - timedelta(days=1))

    response = client.get(drive.get_absolute_url())

    assert response.context["ended"] and response.context["form"] is None


def test_what_was_handed_out_is_shown_as_numbers_only(client, make_drive, staff, today):
    drive = make_drive("Nový začátek", slug="novy-zacatek", hands_out=True,
                       needs=[("Nádobí", Unit.BOX, 40, 1)])
    services.record_distribution(drive, by=staff, households=9, people=14, items=31)
    services.record_distribution(drive, by=staff, households=3, people=9, items=20)

    response = client.get(drive.get_absolute_url())

    assert {key: response.context["distribution"][key] for key in ("households", "people", "items")} == {
        "households": 12, "people": 23, "items": 51,
    }


def test_an_unknown_drive_is_a_404(client, db):
    assert client.get("/sbirky/neni-takova/").status_code == 404


def test_most_needed_now_is_said_only_while_it_is_true_on_the_page_and_in_the_api(client, make_drive, martinska, staff):
    drive = make_drive(needs=[("Zimní boty", Unit.PAIR, 10, Need.Priority.URGENT),
                              ("Deky", Unit.PIECE, 20, Need.Priority.NEEDED)],
                       points={martinska: [(day, time(0, 0), time(23, 59)) for day in Weekday.values]})
    boots = need_of(drive, "Zimní boty")

    def marked():
        page = text_of(client.get(drive.get_absolute_url()))
        api = client.get(f"/api/v1/drives/{drive.slug}/").json()
        return (czech("most needed now") in page,
                {need["name"]: need["most_needed_now"] for need in api["needs"]})

    assert marked() == (True, {"Zimní boty": True, "Deky": False})
    services.log_donation(boots, point=point_at(drive, martinska), quantity=9, by=staff)
    assert marked() == (True, {"Zimní boty": True, "Deky": False})  # one pair short: still urgent
    drive.refresh_from_db()
    services.close_drive(drive, by=staff)
    assert marked() == (False, {"Zimní boty": False, "Deky": False})  # a closed drive asks for nothing
    Drive.objects.filter(pk=drive.pk).update(status=Drive.Status.RUNNING)
    services.log_donation(boots, point=point_at(drive, martinska), quantity=1, by=staff)
    assert marked() == (False, {"Zimní boty": False, "Deky": False})
