"""A worker at a collection point logs what people bring, with one tap, on a phone, without JavaScript."""

import csv
import io
from datetime import time, timedelta

import pytest
from django.utils import timezone

from drives import selectors, services
from drives.models import Distribution, Donation, HistoryEntry, Need, Pledge, Weekday
from drives.selectors import distribution_totals_from_history
from events.models import Series

from .conftest import czech, need_of, point_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(client, staff):
    client.force_login(staff)
    return client


def page_of(drive, point):
    return f"/sprava/sbirky/{drive.slug}/misto/{point.pk}/"


def test_one_tap_on_a_preset_logs_that_many_and_comes_back_to_the_page(worker, uklid_satnik, martinska, staff):
    point, coats = point_at(uklid_satnik, martinska), need_of(uklid_satnik, "Zimní bundy")
    page = worker.get(page_of(uklid_satnik, point)).content.decode()
    assert f'name="need{coats.pk}-preset" value="5"' in page

    response = worker.post(f"{page_of(uklid_satnik, point)}zapsat/{coats.pk}/", {f"need{coats.pk}-preset": "5"},
                           follow=True)

    assert response.redirect_chain == [(page_of(uklid_satnik, point), 302)]
    donation = Donation.objects.get()
    assert (donation.need, donation.point, donation.quantity, donation.logged_by) == (coats, point, 5, staff)
    assert donation.donor_name == ""  # anonymous by default
    assert Need.objects.get(pk=coats.pk).received == 5
    assert czech("Logged: %(amount)s of %(need)s.", amount=coats.amount(5), need="Zimní bundy") in \
        response.content.decode()


def test_a_typed_quantity_with_a_named_donor(worker, uklid_satnik, serikova):
    point, bags = point_at(uklid_satnik, serikova), need_of(uklid_satnik, "Dětské oblečení")

    worker.post(f"{page_of(uklid_satnik, point)}zapsat/{bags.pk}/",
                {f"need{bags.pk}-amount": " 12 ", f"need{bags.pk}-donor_name": "Marie Svobodová"})

    donation = Donation.objects.get()
    assert (donation.quantity, donation.donor_name, donation.point) == (12, "Marie Svobodová", point)


def test_the_page_offers_only_what_the_point_takes_and_today_s_totals_here(worker, uklid_satnik, serikova, staff):
    point, bags = point_at(uklid_satnik, serikova), need_of(uklid_satnik, "Dětské oblečení")
    point.accepts.set([bags])
    services.log_donation(bags, point=point, quantity=3, by=staff)
    services.log_donation(bags, point=point, quantity=4, by=staff)

    response = worker.get(page_of(uklid_satnik, point))

    assert [need.name for need in response.context["needs"]] == ["Dětské oblečení"]
    assert response.context["needs"][0].today_here == bags.amount(7)
    assert worker.post(f"{page_of(uklid_satnik, point)}zapsat/{need_of(uklid_satnik, 'Deky').pk}/",
                       {"x-preset": "1"}).status_code == 400


def test_undo_on_the_point_page_voids_the_donation_and_keeps_it_in_the_history(worker, uklid_satnik, martinska,
                                                                              staff):
    point = point_at(uklid_satnik, martinska)
    donation = services.log_donation(need_of(uklid_satnik, "Deky"), point=point, quantity=10, by=staff)

    response = worker.post(f"/sprava/sbirky/{uklid_satnik.slug}/dar/{donation.pk}/zrusit/",
                           {"back": point.pk, "reason": "omylem"})

    assert response["Location"] == page_of(uklid_satnik, point)
    donation.refresh_from_db()
    assert not donation.counts and donation.void_reason == "omylem"
    assert need_of(uklid_satnik, "Deky").received == 0
    entry = HistoryEntry.objects.filter(action="donation_voided").get()
    assert (entry.by, entry.before["quantity"], entry.before["counts"], entry.after["counts"]) == (staff, 10, True,
                                                                                                   False)


def test_correcting_a_donation_keeps_what_it_was_before(worker, uklid_satnik, martinska, serikova, staff):
    donation = services.log_donation(need_of(uklid_satnik, "Deky"), point=point_at(uklid_satnik, martinska),
                                     quantity=10, by=staff)

    response = worker.post(f"/sprava/sbirky/{uklid_satnik.slug}/dar/{donation.pk}/",
                           {"quantity": "8", "point": point_at(uklid_satnik, serikova).pk, "donor_name": ""})

    assert response.status_code == 302
    entry = HistoryEntry.objects.get(action="donation_corrected")
    assert (entry.before["quantity"], entry.after["quantity"]) == (10, 8)
    assert entry.after["point"] == point_at(uklid_satnik, serikova).pk
    assert need_of(uklid_satnik, "Deky").received == 8


def test_a_promised_bag_arrives_and_another_never_comes(worker, uklid_satnik, martinska):
    bags = need_of(uklid_satnik, "Dětské oblečení")
    arriving = services.make_pledge(bags, quantity=2, name="Jana z Lochotína")
    missing = services.make_pledge(bags, quantity=5)
    overview = worker.get(f"/sprava/sbirky/{uklid_satnik.slug}/").content.decode()
    assert "Jana z Lochotína" in overview

    worker.post(f"/sprava/sbirky/{uklid_satnik.slug}/prislib/{arriving.pk}/",
                {"point": point_at(uklid_satnik, martinska).pk, "quantity": "3"})
    worker.post(f"/sprava/sbirky/{uklid_satnik.slug}/prislib/{missing.pk}/nedorazilo/")

    assert dict(Pledge.objects.values_list("pk", "status")) == {arriving.pk: "received", missing.pk: "cancelled"}
    bags.refresh_from_db()
    assert (bags.received, bags.pledged) == (3, 0)
    assert Donation.objects.get().donor_name == "Jana z Lochotína"


def test_the_overview_has_totals_per_point_and_per_day(worker, uklid_satnik, martinska, serikova, staff):
    coats = need_of(uklid_satnik, "Zimní bundy")
    now = timezone.now()
    services.log_donation(coats, point=point_at(uklid_satnik, martinska), quantity=4, by=staff, now=now)
    services.log_donation(coats, point=point_at(uklid_satnik, martinska), quantity=6, by=staff,
                          received_at=now - timedelta(days=1), now=now)
    services.log_donation(coats, point=point_at(uklid_satnik, serikova), quantity=1, by=staff, now=now)

    context = worker.get(f"/sprava/sbirky/{uklid_satnik.slug}/").context

    assert [(row.point_name, row.total) for row in context["by_point"]] == [
        ("Kulturní dům Šeříková", 1), ("Magistrát – Odbor sociálních služeb", 10),
    ]
    today = timezone.localdate(now)
    assert [(row.day, row.point_name, row.total) for row in context["by_day"]] == [
        (today, "Kulturní dům Šeříková", 1), (today, "Magistrát – Odbor sociálních služeb", 4),
        (today - timedelta(days=1), "Magistrát – Odbor sociálních služeb", 6),
    ]


def test_the_csv_exports_open_in_czech_excel(worker, uklid_satnik, martinska, staff):
    point = point_at(uklid_satnik, martinska)
    services.log_donation(need_of(uklid_satnik, "Deky"), point=point, quantity=3, by=staff, donor_name="=SUM(A1)")
    voided = services.log_donation(need_of(uklid_satnik, "Deky"), point=point, quantity=9, by=staff)
    services.void_donation(voided, by=staff, reason="dvakrát")

    donations = worker.get(f"/sprava/sbirky/{uklid_satnik.slug}/dary.csv")
    totals = worker.get(f"/sprava/sbirky/{uklid_satnik.slug}/souhrn.csv")

    for response in (donations, totals):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(donations.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert rows[1][2:6] == ["Deky", "3", need_of(uklid_satnik, "Deky").get_unit_display(), "'=SUM(A1)"]
    assert rows[2][-1] == "dvakrát"
    summary = list(csv.reader(io.StringIO(totals.content.decode("utf-8-sig")), delimiter=";"))
    assert summary[1][1:4] == ["Magistrát – Odbor sociálních služeb", "Deky", "3"]  # the voided 9 do not count


def test_opening_hours_are_changed_on_the_staff_page_and_the_programme_follows(worker, uklid_satnik, serikova,
                                                                               today):
    point = point_at(uklid_satnik, serikova)
    saturday = point.hours.get(weekday=Weekday.SATURDAY)
    url = f"/sprava/sbirky/{uklid_satnik.slug}/hodiny/"

    assert worker.post(f"{url}{saturday.pk}/odebrat/").status_code == 302
    assert worker.post(f"{url}pridat/", {"hours-point": point.pk, "hours-weekday": Weekday.FRIDAY,
                                         "hours-opens": "15:00", "hours-closes": "18:00"}).status_code == 302
    refused = worker.post(f"{url}pridat/", {"hours-point": point.pk, "hours-weekday": Weekday.FRIDAY,
                                            "hours-opens": "17:00", "hours-closes": "19:00"})
    day = today + timedelta(days=3)
    assert worker.post(f"{url}vyjimka/", {"exception-point": point.pk, "exception-day": day.isoformat(),
                                          "exception-closed": "closed", "exception-note": "svátek"}
                       ).status_code == 302

    assert refused.status_code == 400 and refused.context["error"].code == "hours_overlap"
    assert sorted(point.hours.values_list("weekday", "opens")) == [(Weekday.TUESDAY, time(14)),
                                                                   (Weekday.FRIDAY, time(15))]
    assert point.exceptions.get().note == "svátek"
    assert Series.objects.filter(venue=serikova).count() == 2
    assert HistoryEntry.objects.filter(action="hours_changed", by__isnull=False).count() == 3


def test_closing_asks_first_then_closes(worker, uklid_satnik):
    url = f"/sprava/sbirky/{uklid_satnik.slug}/ukoncit/"
    assert worker.get(url).status_code == 200
    uklid_satnik.refresh_from_db()
    assert uklid_satnik.is_running

    worker.post(url)

    uklid_satnik.refresh_from_db()
    assert uklid_satnik.is_closed and uklid_satnik.closed_at is not None
    again = worker.post(url)
    assert again.status_code == 409 and again.context["error"].code == "already_closed"


def test_a_prepared_drive_is_started_from_its_overview(worker, make_drive, martinska):
    from drives.models import Drive

    drive = make_drive(status=Drive.Status.PREPARED, needs=[("Boty", "pair", 10, 1)],
                       points={martinska: [(Weekday.MONDAY, time(8), time(12))]})

    worker.post(f"/sprava/sbirky/{drive.slug}/zahajit/")

    drive.refresh_from_db()
    assert drive.is_running
    assert Series.objects.get(venue=martinska).published


def test_hand_outs_are_counts_only_and_can_be_corrected_or_voided(worker, make_drive, martinska, today):
    drive = make_drive("Školní pomůcky", slug="skolni-pomucky", hands_out=True,
                       needs=[("Aktovky", "piece", 100, 1)], points={martinska: [(Weekday.MONDAY, time(8), time(12))]})
    url = f"/sprava/sbirky/{drive.slug}/rozdano/"

    response = worker.post(url, {"handed_out_on": today.isoformat(), "households": "12", "people": "30",
                                 "items": "45", "note": ""})
    refused = worker.post(url, {"handed_out_on": today.isoformat(), "households": "5", "people": "3"})
    distribution = Distribution.objects.get()
    worker.post(f"{url}{distribution.pk}/", {"handed_out_on": today.isoformat(), "households": "12", "people": "31",
                                             "items": "45"})
    worker.post(f"{url}{distribution.pk}/zrusit/", {"reason": "zapsáno jinde"})

    assert response.status_code == 302
    assert refused.status_code == 400 and refused.context["error"].code == "fewer_people_than_households"
    distribution.refresh_from_db()
    assert (distribution.people, distribution.counts) == (31, False)
    assert {field.name for field in Distribution._meta.fields} & {"name", "family", "address", "phone"} == set()
    actions = list(HistoryEntry.objects.filter(action__startswith="distribution").values_list("action", flat=True))
    assert actions == ["distribution_recorded", "distribution_corrected", "distribution_voided"]
    assert distribution_totals_from_history(drive) == {"households": 0, "people": 0, "items": 0}


def test_hand_out_totals_can_be_recomputed_from_the_history(make_drive, staff, today):
    drive = make_drive("Nový začátek", slug="novy-zacatek", hands_out=True, needs=[("Nádobí", "box", 40, 1)])
    first = services.record_distribution(drive, by=staff, households=4, people=9, items=12)
    services.record_distribution(drive, by=staff, households=2, people=2, items=3)
    services.correct_distribution(first, by=staff, households=5, people=11, items=12)
    mistake = services.record_distribution(drive, by=staff, items=100)
    services.void_distribution(mistake, by=staff)

    totals = selectors.distribution_totals(drive)
    assert distribution_totals_from_history(drive) == {key: totals[key] for key in ("households", "people", "items")}
    assert (totals["households"], totals["people"], totals["items"]) == (7, 13, 15)


def test_the_history_page_says_who_did_what_before_and_after(worker, uklid_satnik, martinska, staff):
    donation = services.log_donation(need_of(uklid_satnik, "Deky"), point=point_at(uklid_satnik, martinska),
                                     quantity=10, by=staff)
    services.correct_donation(donation, by=staff, quantity=11)

    page = worker.get(f"/sprava/sbirky/{uklid_satnik.slug}/historie/").content.decode()

    assert "Jana Nováková" in page and "quantity=10" in page and "quantity=11" in page
