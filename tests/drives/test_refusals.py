"""Bad input is refused with a Czech sentence and a 4xx, and nothing changes."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from drives import services
from drives.models import MAX_QUANTITY, Distribution, Donation, Drive, HistoryEntry, Need, Pledge, Unit, Weekday

from .conftest import czech, need_of, point_at

pytestmark = pytest.mark.django_db


def state():
    return (
        list(Need.objects.order_by("pk").values_list("received", "pledged")), Donation.objects.count(),
        Pledge.objects.count(), Distribution.objects.count(), HistoryEntry.objects.count(),
        list(Donation.objects.order_by("pk").values_list("quantity", "voided_at")),
    )


def log_url(drive, point, need):
    return f"/sprava/sbirky/{drive.slug}/misto/{point.pk}/zapsat/{need.pk}/"


@pytest.fixture
def at_the_magistrate(client, staff, uklid_satnik, martinska):
    client.force_login(staff)
    return point_at(uklid_satnik, martinska)


@pytest.mark.parametrize(("typed", "code"), [("-5", "invalid_quantity"), ("0", "invalid_quantity"),
                                             ("5001", "quantity_too_large"), ("99999999999", "quantity_too_large")])
def test_a_negative_zero_or_absurd_quantity_at_the_point_is_refused(client, uklid_satnik, at_the_magistrate,
                                                                   typed, code):
    coats = need_of(uklid_satnik, "Zimní bundy")
    before = state()

    response = client.post(log_url(uklid_satnik, at_the_magistrate, coats), {f"need{coats.pk}-amount": typed})

    assert response.status_code == 400
    assert response.context["error"].code == code
    assert response.context["error"].message in response.content.decode()
    assert state() == before


def test_a_quantity_that_is_not_a_number_is_refused_next_to_the_field(client, uklid_satnik, at_the_magistrate):
    coats = need_of(uklid_satnik, "Zimní bundy")
    before = state()

    response = client.post(log_url(uklid_satnik, at_the_magistrate, coats), {f"need{coats.pk}-amount": "tři"})

    assert response.status_code == 400
    assert czech("Write the quantity as a whole number, for example 3.") in response.content.decode()
    assert state() == before


def test_the_upper_bound_depends_on_the_unit(nebudme_lhostejni, martinska, staff):
    money, food = need_of(nebudme_lhostejni, "Peníze na potraviny"), need_of(nebudme_lhostejni, "Trvanlivé potraviny")
    point = point_at(nebudme_lhostejni, martinska)

    services.log_donation(money, point=point, quantity=MAX_QUANTITY[Unit.CZK], by=staff)
    with pytest.raises(services.DrivesError) as boxes:
        services.log_donation(food, point=point, quantity=MAX_QUANTITY[Unit.BOX] + 1, by=staff)

    assert boxes.value.code == "quantity_too_large" and boxes.value.status == 400
    assert food.amount(MAX_QUANTITY[Unit.BOX]) in boxes.value.message


def test_nothing_can_be_logged_at_a_closed_drive(client, uklid_satnik, at_the_magistrate):
    services.close_drive(uklid_satnik, by=None)
    coats = need_of(uklid_satnik, "Zimní bundy")
    before = state()

    response = client.post(log_url(uklid_satnik, at_the_magistrate, coats), {f"need{coats.pk}-preset": "5"})

    assert response.status_code == 409
    assert czech("The drive is closed: its donations can no longer be logged or changed.") in response.content.decode()
    assert state() == before


def test_nothing_can_be_logged_before_the_drive_starts(make_drive, martinska, staff):
    drive = make_drive(status=Drive.Status.PREPARED, needs=[("Boty", Unit.PAIR, 10, 1)],
                       points={martinska: [(Weekday.MONDAY, time(8, 0), time(9, 0))]})
    with pytest.raises(services.DrivesError) as refused:
        services.log_donation(drive.needs.get(), point=drive.points.get(), quantity=1, by=staff)
    assert (refused.value.code, refused.value.status) == ("not_running", 409)


def test_a_closed_drive_s_donations_can_no_longer_be_corrected_or_voided(uklid_satnik, martinska, staff):
    donation = services.log_donation(need_of(uklid_satnik, "Deky"), point=point_at(uklid_satnik, martinska),
                                     quantity=2, by=staff)
    services.close_drive(uklid_satnik, by=staff)
    before = state()

    for attempt in (lambda: services.correct_donation(donation, by=staff, quantity=3),
                    lambda: services.void_donation(donation, by=staff)):
        with pytest.raises(services.DrivesError) as refused:
            attempt()
        assert refused.value.code == "drive_closed"
    assert state() == before


def test_a_donation_voided_twice_is_refused_the_second_time(uklid_satnik, martinska, staff):
    donation = services.log_donation(need_of(uklid_satnik, "Deky"), point=point_at(uklid_satnik, martinska),
                                     quantity=2, by=staff)
    services.void_donation(donation, by=staff)
    before = state()

    with pytest.raises(services.DrivesError) as refused:
        services.void_donation(donation, by=staff)

    assert (refused.value.code, refused.value.status) == ("already_voided", 409)
    assert state() == before


def test_a_point_that_does_not_take_a_need_refuses_it(uklid_satnik, serikova, staff):
    point = point_at(uklid_satnik, serikova)
    point.accepts.set([need_of(uklid_satnik, "Dětské oblečení")])
    before = state()

    with pytest.raises(services.DrivesError) as refused:
        services.log_donation(need_of(uklid_satnik, "Zimní bundy"), point=point, quantity=1, by=staff)

    assert refused.value.code == "not_accepted" and "Kulturní dům Šeříková" in refused.value.message
    assert state() == before


def test_a_donation_cannot_be_dated_in_the_future(uklid_satnik, martinska, staff):
    with pytest.raises(services.DrivesError) as refused:
        services.log_donation(need_of(uklid_satnik, "Deky"), point=point_at(uklid_satnik, martinska), quantity=1,
                              by=staff, received_at=timezone.now() + timedelta(days=1))
    assert refused.value.code == "in_the_future"


def test_a_pledge_after_the_last_day_is_refused_on_the_page(client, make_drive, today):
    drive = make_drive(needs=[("Boty", Unit.PAIR, 10, 1)], starts_on=today - timedelta(days=30),
                       ends_on=today - timedelta(days=1))
    boots = drive.needs.get()
    before = state()

    response = client.post(f"/sbirky/{drive.slug}/prislib/", {"need": boots.pk, "quantity": "2"})

    assert response.status_code == 409
    assert response.context["error"].code == "drive_ended"
    assert response.context["error"].message in response.content.decode()
    assert 'action="/sbirky/uklid-satnik/prislib/"' not in response.content.decode()  # no form any more
    assert state() == before


def test_a_pledge_to_a_closed_drive_is_refused(client, uklid_satnik):
    services.close_drive(uklid_satnik, by=None)
    before = state()

    response = client.post(f"/sbirky/{uklid_satnik.slug}/prislib/",
                           {"need": need_of(uklid_satnik, "Deky").pk, "quantity": "1"})

    assert response.status_code == 409 and response.context["error"].code == "drive_closed"
    assert state() == before


def test_a_closed_drive_says_so_even_when_the_form_is_filled_in_wrong(client, uklid_satnik):
    services.close_drive(uklid_satnik, by=None)
    before = state()

    response = client.post(f"/sbirky/{uklid_satnik.slug}/prislib/", {"need": "abc", "quantity": "-5"})

    assert response.status_code == 409 and response.context["error"].code == "drive_closed"
    assert "ukončená" in response.content.decode()
    assert state() == before


def test_a_prepared_drive_is_not_public_so_nobody_can_pledge(client, make_drive):
    drive = make_drive(status=Drive.Status.PREPARED, needs=[("Boty", Unit.PAIR, 10, 1)])

    assert client.post(f"/sbirky/{drive.slug}/prislib/", {"need": drive.needs.get().pk, "quantity": "1"}
                       ).status_code == 404
    with pytest.raises(services.DrivesError) as refused:
        services.make_pledge(drive.needs.get(), quantity=1)
    assert (refused.value.code, refused.value.status) == ("not_running", 409)
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(("quantity", "code"), [("-2", "invalid_quantity"), ("0", "invalid_quantity"),
                                                ("100000", "quantity_too_large")])
def test_a_pledge_of_a_negative_or_absurd_quantity_is_refused(client, uklid_satnik, quantity, code):
    before = state()

    response = client.post(f"/sbirky/{uklid_satnik.slug}/prislib/",
                           {"need": need_of(uklid_satnik, "Deky").pk, "quantity": quantity})

    assert response.status_code == 400 and response.context["error"].code == code
    assert state() == before


def test_a_pledge_for_another_drive_s_need_is_refused(client, uklid_satnik, nebudme_lhostejni):
    before = state()

    response = client.post(f"/sbirky/{uklid_satnik.slug}/prislib/",
                           {"need": need_of(nebudme_lhostejni, "Trvanlivé potraviny").pk, "quantity": "1"})

    assert response.status_code == 400 and "need" in response.context["form"].errors
    assert state() == before


def test_a_name_with_control_characters_or_too_long_is_refused(uklid_satnik):
    deky = need_of(uklid_satnik, "Deky")
    for name, code in (("Jana\x00", "invalid_text"), ("J" * 101, "text_too_long")):
        with pytest.raises(services.DrivesError) as refused:
            services.make_pledge(deky, quantity=1, name=name)
        assert refused.value.code == code
    assert not Pledge.objects.exists()


def test_a_received_or_cancelled_pledge_cannot_be_received_again(uklid_satnik, martinska, staff):
    pledge = services.make_pledge(need_of(uklid_satnik, "Deky"), quantity=1)
    services.receive_pledge(pledge, by=staff, point=point_at(uklid_satnik, martinska))
    before = state()

    with pytest.raises(services.DrivesError) as again:
        services.receive_pledge(pledge, by=staff, point=point_at(uklid_satnik, martinska))
    with pytest.raises(services.DrivesError) as cancelled:
        services.cancel_pledge(pledge, by=staff)

    assert again.value.code == cancelled.value.code == "pledge_received"
    assert state() == before


def test_a_pledge_without_a_point_needs_one_to_be_received(uklid_satnik, staff):
    pledge = services.make_pledge(need_of(uklid_satnik, "Deky"), quantity=1)

    with pytest.raises(services.DrivesError) as refused:
        services.receive_pledge(pledge, by=staff)

    assert refused.value.code == "missing_point"
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.OPEN


def test_a_void_reason_too_long_is_refused_and_the_donation_still_counts(client, uklid_satnik, martinska, staff):
    donation = services.log_donation(need_of(uklid_satnik, "Deky"), point=point_at(uklid_satnik, martinska),
                                     quantity=2, by=staff)
    before = state()
    client.force_login(staff)

    response = client.post(f"/sprava/sbirky/{uklid_satnik.slug}/dar/{donation.pk}/zrusit/", {"reason": "x" * 201})

    assert response.status_code == 400
    assert "200" in response.context["error"].message  # Django's own Czech "at most 200 characters"
    assert state() == before
    donation.refresh_from_db()
    assert donation.voided_at is None
