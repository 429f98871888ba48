"""Other systems read the drives and their progress, pledge while a drive runs, and staff log donations."""

from datetime import time, timedelta

import hypothesis
import pytest
import schemathesis
import yaml
from django.utils import timezone
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from drives import services
from drives.models import Donation, Drive, HistoryEntry, Need, Pledge
from tests.drives.conftest import (
    build_drive,
    build_nebudme_lhostejni,
    build_uklid_satnik,
    create_martinska,
    create_serikova,
)

DRIVES = "/api/v1/drives/"


@pytest.fixture
def martinska(db):
    return create_martinska()


@pytest.fixture
def uklid_satnik(martinska, organizer_a):
    return build_uklid_satnik(martinska, create_serikova(), organizer_a)


@pytest.fixture
def nebudme_lhostejni(martinska, organizer_b):
    return build_nebudme_lhostejni(martinska, organizer_b)


def need(drive, name):
    return drive.needs.get(name=name)


def state():
    return (list(Need.objects.order_by("pk").values_list("received", "pledged")), Donation.objects.count(),
            Pledge.objects.count(), HistoryEntry.objects.count())


def test_anyone_reads_the_drives_with_needs_progress_and_points(api, uklid_satnik, martinska, staff):
    coats = need(uklid_satnik, "Zimní bundy")
    services.log_donation(coats, point=uklid_satnik.points.get(venue=martinska), quantity=25, by=staff)
    services.make_pledge(coats, quantity=5)

    response = api.get(DRIVES)

    assert response.status_code == 200
    (drive,) = response.json()["results"]
    assert (drive["slug"], drive["status"], drive["kind"], drive["accepts_pledges"]) == (
        "uklid-satnik", "running", "items", True)
    assert drive["overall_percent"] == (25 + 0 + 0) // 3
    assert drive["url"] == "http://testserver/sbirky/uklid-satnik/"
    first = drive["needs"][0]
    assert (first["name"], first["unit"], first["target"], first["received"], first["pledged"], first["percent"]) == (
        "Zimní bundy", "piece", 100, 25, 5, 25)
    assert [n["priority"] for n in drive["needs"]] == sorted(n["priority"] for n in drive["needs"])
    point = next(point for point in drive["points"] if point["venue"]["slug"] == "martinska-2")
    assert {(slot["weekday"], slot["opens"], slot["closes"]) for slot in point["weekly_hours"]} == {
        (day, "08:00", "17:00") for day in range(5)}
    assert point["today"]["date"] == timezone.localdate().isoformat()
    assert point["today"]["is_open"] is (timezone.localdate().weekday() < 5)


def test_the_list_can_be_filtered_by_status_and_refuses_an_unknown_one(api, uklid_satnik, nebudme_lhostejni):
    services.close_drive(nebudme_lhostejni, by=None)

    running = api.get(DRIVES, {"status": "running"}).json()["results"]
    closed = api.get(DRIVES, {"status": "closed"}).json()["results"]
    refused = api.get(DRIVES, {"status": "prepared"})

    assert [drive["slug"] for drive in running] == ["uklid-satnik"]
    assert [drive["slug"] for drive in closed] == ["nebudme-lhostejni"]
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_filter"


def test_a_prepared_drive_is_missing_for_the_public_and_visible_to_its_organizer(api, client_for, organizer_a, db):
    drive = build_drive(status=Drive.Status.PREPARED, organizers=[organizer_a], needs=[("Boty", "pair", 5, 1)])

    assert api.get(DRIVES).json()["results"] == []
    assert api.get(f"{DRIVES}{drive.slug}/").status_code == 404
    assert client_for(organizer_a).get(f"{DRIVES}{drive.slug}/").json()["status"] == "prepared"


def test_anyone_pledges_while_the_drive_runs_and_it_does_not_count(api, uklid_satnik):
    blankets = need(uklid_satnik, "Deky")
    point = uklid_satnik.points.first()

    response = api.post(f"{DRIVES}{uklid_satnik.slug}/pledges/",
                        {"need": blankets.pk, "quantity": 3, "point": point.pk, "name": "Jana"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["need"], body["quantity"], body["point"], body["status"]) == (blankets.pk, 3, point.pk, "open")
    assert Pledge.objects.get().source == "api"
    blankets.refresh_from_db()
    assert (blankets.received, blankets.pledged) == (0, 3)


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"quantity": -1}, 400, "invalid_quantity"),
    ({"quantity": 0}, 400, "invalid_quantity"),
    ({"quantity": 10_000_000}, 400, "quantity_too_large"),
    ({"need": 2**40}, 400, "unknown_need"),
    ({"point": 2**40}, 400, "unknown_point"),
    ({"name": "x\x01y"}, 400, "invalid_text"),
])
def test_bad_pledges_are_refused_with_a_czech_reason_and_nothing_changes(api, uklid_satnik, body, status, code):
    before = state()
    data = {"need": need(uklid_satnik, "Deky").pk, "quantity": 1, **body}

    response = api.post(f"{DRIVES}{uklid_satnik.slug}/pledges/", data, format="json")

    assert response.status_code == status, response.json()
    assert response.json()["code"] == code and response.json()["detail"]
    assert state() == before


def test_a_pledge_after_the_end_or_to_a_closed_drive_is_refused_with_409(api, db, nebudme_lhostejni):
    today = timezone.localdate()
    ended = build_drive(slug="po-konci", needs=[("Boty", "pair", 5, 1)], starts_on=today - timedelta(days=9),
                        ends_on=today - timedelta(days=1))
    services.close_drive(nebudme_lhostejni, by=None)
    before = state()

    late = api.post(f"{DRIVES}po-konci/pledges/", {"need": ended.needs.get().pk, "quantity": 1}, format="json")
    closed = api.post(f"{DRIVES}nebudme-lhostejni/pledges/",
                      {"need": need(nebudme_lhostejni, "Trvanlivé potraviny").pk, "quantity": 1}, format="json")

    assert (late.status_code, late.json()["code"]) == (409, "drive_ended")
    assert (closed.status_code, closed.json()["code"]) == (409, "drive_closed")
    assert state() == before


def test_anonymous_pledges_are_throttled_per_address(api, uklid_satnik, settings):
    settings.SPOLU_PLEDGE_THROTTLE = "2/hour"
    data = {"need": need(uklid_satnik, "Deky").pk, "quantity": 1}

    statuses = [api.post(f"{DRIVES}{uklid_satnik.slug}/pledges/", data, format="json").status_code
                for _ in range(3)]
    last = api.post(f"{DRIVES}{uklid_satnik.slug}/pledges/", data, format="json")

    assert statuses == [201, 201, 429]
    assert last.json()["code"] == "throttled" and int(last["Retry-After"]) > 0


def test_staff_log_a_donation_with_a_token(api, uklid_satnik, martinska, staff):
    token = Token.objects.create(user=staff)
    coats, point = need(uklid_satnik, "Zimní bundy"), uklid_satnik.points.get(venue=martinska)

    response = api.post(f"{DRIVES}{uklid_satnik.slug}/donations/",
                        {"need": coats.pk, "point": point.pk, "quantity": 7, "donor_name": "Petr"},
                        format="json", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 201
    assert (response.json()["quantity"], response.json()["counts"]) == (7, True)
    coats.refresh_from_db()
    assert coats.received == 7
    assert HistoryEntry.objects.get(action="donation_logged").by == staff
    listing = api.get(f"{DRIVES}{uklid_satnik.slug}/donations/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [row["quantity"] for row in listing.json()["results"]] == [7]


def test_the_drive_s_organizer_may_log_but_another_organizer_gets_404(client_for, uklid_satnik, martinska,
                                                                      organizer_a, organizer_b, stranger):
    body = {"need": need(uklid_satnik, "Deky").pk, "point": uklid_satnik.points.get(venue=martinska).pk,
            "quantity": 1}
    url = f"{DRIVES}{uklid_satnik.slug}/donations/"

    assert client_for(organizer_a).post(url, body, format="json").status_code == 201
    for outsider in (organizer_b, stranger):
        assert client_for(outsider).post(url, body, format="json").status_code == 404
        assert client_for(outsider).get(url).status_code == 404
    assert Donation.objects.count() == 1


def test_the_anonymous_cannot_log_or_list_donations(api, uklid_satnik, martinska):
    url = f"{DRIVES}{uklid_satnik.slug}/donations/"
    body = {"need": need(uklid_satnik, "Deky").pk, "point": uklid_satnik.points.get(venue=martinska).pk,
            "quantity": 1}

    assert api.post(url, body, format="json").status_code == 401
    assert api.get(url).status_code == 401
    assert not Donation.objects.exists()


@pytest.mark.parametrize(("change", "status", "code"), [
    ({"quantity": -3}, 400, "invalid_quantity"),
    ({"quantity": 5001}, 400, "quantity_too_large"),
    ({"point": 2**40}, 400, "unknown_point"),
    ({"received_at": "2099-01-01T10:00:00+01:00"}, 400, "in_the_future"),
])
def test_bad_donations_are_refused_and_nothing_changes(client_for, staff, uklid_satnik, martinska, change, status,
                                                       code):
    before = state()
    body = {"need": need(uklid_satnik, "Deky").pk, "point": uklid_satnik.points.get(venue=martinska).pk,
            "quantity": 1, **change}

    response = client_for(staff).post(f"{DRIVES}{uklid_satnik.slug}/donations/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert state() == before


def test_a_donation_to_a_closed_drive_is_refused_with_409(client_for, staff, uklid_satnik, martinska):
    services.close_drive(uklid_satnik, by=staff)
    before = state()
    body = {"need": need(uklid_satnik, "Deky").pk, "point": uklid_satnik.points.get(venue=martinska).pk,
            "quantity": 1}

    response = client_for(staff).post(f"{DRIVES}{uklid_satnik.slug}/donations/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "drive_closed")
    assert state() == before


def test_the_schema_documents_the_drives_and_their_refusals(api, db):
    paths = yaml.safe_load(api.get("/api/schema/").content)["paths"]

    assert {"200", "400", "404"} <= set(paths["/api/v1/drives/"]["get"]["responses"])
    assert {"201", "400", "404", "409", "429"} <= set(paths["/api/v1/drives/{slug}/pledges/"]["post"]["responses"])
    assert {"201", "400", "401", "404", "409"} <= set(paths["/api/v1/drives/{slug}/donations/"]["post"]["responses"])
    assert {"200", "401", "404"} <= set(paths["/api/v1/drives/{slug}/donations/"]["get"]["responses"])


# Generated requests against a real running drive, signed in as staff so both doors are open:
# whatever the body, the answer is documented and never a 5xx.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def real_drive(db, staff):
    drive = build_uklid_satnik(create_martinska(), create_serikova(), staff)
    point, today = drive.points.order_by("pk").first(), timezone.localdate()
    services.set_exception(point, day=today + timedelta(days=1), closed=True, note="inventura", by=staff)
    services.set_exception(point, day=today + timedelta(days=2), closed=False, opens=time(9), closes=time(11),
                           by=staff)
    return drive, Token.objects.get_or_create(user=staff)[0]


@schema.include(path_regex="^/api/v1/drives/").parametrize()
@hypothesis.settings(max_examples=30, deadline=None, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
@pytest.mark.django_db(transaction=True)
def test_no_generated_request_to_a_real_drive_crashes_the_api(case, real_drive, settings):
    settings.SPOLU_PLEDGE_THROTTLE = "100000/hour"
    drive, token = real_drive
    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = drive.slug
    if isinstance(case.body, dict):
        # Point at rows that exist, or nearly every request would stop at "no such need".
        real = {"need": drive.needs.order_by("pk").first().pk, "point": drive.points.order_by("pk").first().pk}
        case.body.update({name: value for name, value in real.items() if name in case.body})

    response = case.call(headers={"Authorization": f"Token {token.key}"})

    case.validate_response(
        response,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
