"""Who may open a drive's staff pages: department staff every drive, an organizer their own.

The anonymous are sent to sign in; anyone else gets the same 404 as for a drive that does not
exist, and nothing changes.
"""

import pytest

from drives import services
from drives.models import Donation, Drive, HistoryEntry, Pledge

from .conftest import need_of, point_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(uklid_satnik, martinska, staff):
    """A donation, an open pledge and the point of Ukliď šatník! (organized by organizer A)."""
    point = point_at(uklid_satnik, martinska)
    coats = need_of(uklid_satnik, "Zimní bundy")
    donation = services.log_donation(coats, point=point, quantity=5, by=staff)
    pledge = services.make_pledge(coats, quantity=2)
    return {"point": point, "need": coats, "donation": donation, "pledge": pledge,
            "slot": point.hours.first()}


def pages(drive, rows):
    base = f"/sprava/sbirky/{drive.slug}/"
    point, need, donation, pledge = rows["point"], rows["need"], rows["donation"], rows["pledge"]
    return [
        ("get", base, {}), ("get", f"{base}misto/{point.pk}/", {}),
        ("post", f"{base}misto/{point.pk}/zapsat/{need.pk}/", {f"need{need.pk}-preset": "5"}),
        ("get", f"{base}dar/{donation.pk}/", {}), ("post", f"{base}dar/{donation.pk}/", {"quantity": "1",
                                                                                        "point": point.pk}),
        ("post", f"{base}dar/{donation.pk}/zrusit/", {}),
        ("get", f"{base}prislib/{pledge.pk}/", {}), ("post", f"{base}prislib/{pledge.pk}/", {"point": point.pk,
                                                                                            "quantity": "2"}),
        ("post", f"{base}prislib/{pledge.pk}/nedorazilo/", {}),
        ("get", f"{base}rozdano/", {}), ("get", f"{base}hodiny/", {}),
        ("post", f"{base}hodiny/pridat/", {"hours-point": point.pk, "hours-weekday": "6", "hours-opens": "10:00",
                                           "hours-closes": "11:00"}),
        ("post", f"{base}hodiny/{rows['slot'].pk}/odebrat/", {}),
        ("get", f"{base}historie/", {}), ("get", f"{base}dary.csv", {}), ("get", f"{base}souhrn.csv", {}),
        ("get", f"{base}ukoncit/", {}), ("post", f"{base}ukoncit/", {}), ("post", f"{base}zahajit/", {}),
    ]


def unchanged():
    return (
        list(Donation.objects.order_by("pk").values_list("quantity", "voided_at")),
        list(Pledge.objects.order_by("pk").values_list("status", flat=True)),
        HistoryEntry.objects.count(), list(Drive.objects.order_by("pk").values_list("status", flat=True)),
    )


def test_the_anonymous_are_sent_to_sign_in_and_nothing_changes(client, uklid_satnik, rows):
    before = unchanged()
    for method, url, data in [("get", "/sprava/sbirky/", {}), *pages(uklid_satnik, rows)]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/prihlaseni/?next=/sprava/sbirky/"), url
    assert unchanged() == before


@pytest.mark.parametrize("persona", ["organizer_b", "stranger", "juror"])
def test_someone_else_s_drive_answers_404_like_a_missing_one(client, request, persona, uklid_satnik,
                                                             nebudme_lhostejni, rows):
    client.force_login(request.getfixturevalue(persona))
    before = unchanged()
    for method, url, data in pages(uklid_satnik, rows):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert unchanged() == before
    assert client.get("/sprava/sbirky/neexistuje/").status_code == 404


def test_the_organizer_of_the_drive_and_department_staff_may_open_every_page(client, organizer_a, staff,
                                                                            uklid_satnik, rows):
    for user in (organizer_a, staff):
        client.force_login(user)
        for method, url, _data in pages(uklid_satnik, rows):
            if method == "get":
                assert client.get(url).status_code == 200, (user, url)


def test_an_organizer_logs_donations_at_their_own_drive(client, organizer_a, uklid_satnik, rows):
    client.force_login(organizer_a)
    need, point = rows["need"], rows["point"]

    client.post(f"/sprava/sbirky/{uklid_satnik.slug}/misto/{point.pk}/zapsat/{need.pk}/",
                {f"need{need.pk}-preset": "2"})

    assert Donation.objects.filter(logged_by=organizer_a, quantity=2).exists()


def test_the_staff_list_shows_each_person_only_the_drives_they_manage(client, organizer_a, organizer_b, staff,
                                                                     uklid_satnik, nebudme_lhostejni):
    seen = {}
    for user in (organizer_a, organizer_b, staff):
        client.force_login(user)
        seen[user.username] = [drive.slug for drive in client.get("/sprava/sbirky/").context["drives"]]

    assert seen == {
        "organizator_a": ["uklid-satnik"], "organizator_b": ["nebudme-lhostejni"],
        "pracovnice": ["nebudme-lhostejni", "uklid-satnik"],  # running ones first, then by title
    }


def test_a_prepared_drive_is_a_preview_for_its_managers_and_missing_for_everyone_else(client, make_drive,
                                                                                      organizer_a, stranger):
    drive = make_drive(status=Drive.Status.PREPARED, organizers=[organizer_a], needs=[("Boty", "pair", 10, 1)])

    assert client.get(drive.get_absolute_url()).status_code == 404
    client.force_login(stranger)
    assert client.get(drive.get_absolute_url()).status_code == 404
    client.force_login(organizer_a)
    assert client.get(drive.get_absolute_url()).status_code == 200


def test_an_organizer_sees_only_their_own_drives_in_the_admin(client, organizer_a, uklid_satnik, nebudme_lhostejni):
    client.force_login(organizer_a)

    listing = client.get("/admin/drives/drive/")

    assert listing.status_code == 200
    assert [drive.slug for drive in listing.context["cl"].result_list] == ["uklid-satnik"]
    assert client.get(f"/admin/drives/drive/{nebudme_lhostejni.pk}/change/").status_code == 302  # "does not exist"
