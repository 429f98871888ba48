"""How far a drive has come: what arrived counts, what was only promised does not."""

import pytest

from drives import services
from drives.models import Drive, HistoryEntry, Need, Unit, overall_percent, quantity_text
from drives.selectors import totals_from_history

from .conftest import in_czech, need_of, point_at

pytestmark = pytest.mark.django_db


def progress(drive):
    return {need.name: (need.received, need.pledged, need.percent) for need in Need.objects.filter(drive=drive)}


def test_a_pledge_counts_only_once_it_is_received(uklid_satnik, martinska, staff):
    coats = need_of(uklid_satnik, "Zimní bundy")
    pledge = services.make_pledge(coats, quantity=10, name="Jana")
    assert progress(uklid_satnik)["Zimní bundy"] == (0, 10, 0)

    services.log_donation(coats, point=point_at(uklid_satnik, martinska), quantity=25, by=staff)
    assert progress(uklid_satnik)["Zimní bundy"] == (25, 10, 25)

    services.receive_pledge(pledge, by=staff, point=point_at(uklid_satnik, martinska), quantity=8)
    assert progress(uklid_satnik)["Zimní bundy"] == (33, 0, 33)  # 8 came, not the 10 promised


def test_a_pledge_that_did_not_come_leaves_the_promised_numbers(uklid_satnik, staff):
    coats = need_of(uklid_satnik, "Zimní bundy")
    pledge = services.make_pledge(coats, quantity=4)

    services.cancel_pledge(pledge, by=staff)

    assert progress(uklid_satnik)["Zimní bundy"] == (0, 0, 0)


def test_a_voided_donation_stops_counting_and_a_correction_changes_the_total(uklid_satnik, martinska, staff):
    coats = need_of(uklid_satnik, "Zimní bundy")
    point = point_at(uklid_satnik, martinska)
    first = services.log_donation(coats, point=point, quantity=30, by=staff)
    second = services.log_donation(coats, point=point, quantity=30, by=staff)  # logged twice by mistake

    services.void_donation(second, by=staff, reason="zapsáno dvakrát")
    services.correct_donation(first, by=staff, quantity=35)

    assert progress(uklid_satnik)["Zimní bundy"] == (35, 0, 35)


def test_voiding_a_received_pledge_puts_it_back_among_the_promised(uklid_satnik, martinska, staff):
    coats = need_of(uklid_satnik, "Zimní bundy")
    pledge = services.make_pledge(coats, quantity=3)
    donation = services.receive_pledge(pledge, by=staff, point=point_at(uklid_satnik, martinska))

    services.void_donation(donation, by=staff, reason="jiný dárce")

    pledge.refresh_from_db()
    assert pledge.status == "open"
    assert progress(uklid_satnik)["Zimní bundy"] == (0, 3, 0)
    reopened = HistoryEntry.objects.get(action="pledge_reopened")
    assert (reopened.by, reopened.before["status"], reopened.after["status"]) == (staff, "received", "open")


def test_a_need_collected_twice_over_shows_100_per_cent_not_more(uklid_satnik, martinska, staff):
    blankets = need_of(uklid_satnik, "Deky")
    services.log_donation(blankets, point=point_at(uklid_satnik, martinska), quantity=45, by=staff)

    blankets.refresh_from_db()
    assert (blankets.received, blankets.percent, blankets.reached, blankets.remaining) == (45, 100, True, 0)


def test_per_cent_is_rounded_down_so_a_need_is_not_shown_done_too_early():
    need = Need(unit=Unit.PIECE, target=1000, received=999)
    assert need.percent == 99
    assert Need(unit=Unit.PIECE, target=3, received=1).percent == 33


def test_overall_is_the_mean_of_the_needs_each_capped_at_100_whatever_the_units():
    money = Need(unit=Unit.CZK, target=100_000, received=10_000)  # 10 %
    coats = Need(unit=Unit.PIECE, target=40, received=80)  # 200 %, counted as 100 %
    bags = Need(unit=Unit.BAG, target=20, received=5)  # 25 %

    # Weighted by target, the money would swamp the coats: (10 000 + 80 + 5) / 100 060 = 10 %.
    assert overall_percent([money, coats, bags]) == (10 + 100 + 25) // 3 == 45
    assert overall_percent([]) is None


def test_overall_progress_of_a_drive(uklid_satnik, martinska, staff):
    point = point_at(uklid_satnik, martinska)
    services.log_donation(need_of(uklid_satnik, "Zimní bundy"), point=point, quantity=50, by=staff)  # 50 %
    services.log_donation(need_of(uklid_satnik, "Dětské oblečení"), point=point, quantity=40, by=staff)  # 100 %
    services.make_pledge(need_of(uklid_satnik, "Deky"), quantity=20)  # promised only: 0 %

    assert Drive.objects.get(pk=uklid_satnik.pk).overall_percent == 50


def test_money_and_items_are_written_with_their_units(nebudme_lhostejni, martinska, staff):
    money = need_of(nebudme_lhostejni, "Peníze na potraviny")
    services.log_donation(money, point=point_at(nebudme_lhostejni, martinska), quantity=12_500, by=staff)
    money.refresh_from_db()

    text = in_czech(lambda: money.progress_text)
    assert "12\xa0500" in text and "100\xa0000" in text and money.percent == 12
    assert in_czech(quantity_text, Unit.CZK, 500) != in_czech(quantity_text, Unit.PIECE, 500)
    assert in_czech(quantity_text, Unit.PIECE, 1) != in_czech(quantity_text, Unit.PIECE, 5)  # plural forms


def test_the_totals_can_be_recomputed_from_the_history_alone(uklid_satnik, martinska, serikova, staff):
    coats, bags = need_of(uklid_satnik, "Zimní bundy"), need_of(uklid_satnik, "Dětské oblečení")
    here, there = point_at(uklid_satnik, martinska), point_at(uklid_satnik, serikova)
    first = services.log_donation(coats, point=here, quantity=12, by=staff)
    services.log_donation(bags, point=there, quantity=7, by=staff)
    services.correct_donation(first, by=staff, quantity=15, point=there)
    mistake = services.log_donation(coats, point=here, quantity=100, by=staff)
    services.void_donation(mistake, by=staff)
    received = services.receive_pledge(services.make_pledge(bags, quantity=3), by=staff, point=here)
    services.void_donation(received, by=staff)
    services.receive_pledge(received.pledge, by=staff, point=there, quantity=2)

    recomputed = totals_from_history(uklid_satnik)

    stored = {need.pk: need.received for need in Need.objects.filter(drive=uklid_satnik) if need.received}
    assert recomputed == stored == {coats.pk: 15, bags.pk: 9}
