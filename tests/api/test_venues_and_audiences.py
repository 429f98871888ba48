"""The lists another system needs to understand the programme: where, and for whom."""


from events.models import Audience, Venue
from tests.queries import count_queries


def test_a_venue_says_how_to_get_in(api, beseda):
    body = api.get("/api/v1/venues/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    [venue] = body["results"]
    assert venue["id"] == beseda.pk
    assert venue["name"] == "Měšťanská beseda"
    assert venue["address"] == "Kopeckého sady 13, 301 00 Plzeň"
    assert venue["step_free_access"] is True
    assert venue["hearing_loop"] is True
    assert venue["transport_stop"] == "Náměstí Republiky (tram 1, 2, 4)"
    assert venue["latitude"] == "49.745300"
    assert api.get(f"/api/v1/venues/{beseda.pk}/").json() == venue


def test_audiences_come_in_the_departments_order(api, seniors, disabled):
    body = api.get("/api/v1/audiences/").json()

    assert body["results"] == [
        {"id": seniors.pk, "name": "senioři", "slug": "seniori"},
        {"id": disabled.pk, "name": "zdravotně postižení", "slug": "zdravotne-postizeni"},
    ]


def test_lists_are_read_only(api, client_for, staff, beseda):
    assert api.post("/api/v1/venues/", {"name": "X"}, format="json").status_code == 405
    assert client_for(staff).delete(f"/api/v1/venues/{beseda.pk}/").status_code == 405


def test_listing_takes_the_same_queries_for_1_and_50(api, beseda, seniors):
    one = {url: count_queries(api, url) for url in ("/api/v1/venues/", "/api/v1/audiences/")}
    Venue.objects.bulk_create(
        Venue(name=f"Klub {number}", slug=f"klub-{number}", street=f"Náměstí {number}") for number in range(49)
    )
    Audience.objects.bulk_create(Audience(name=f"Skupina {number}", slug=f"skupina-{number}") for number in range(49))

    assert {url: count_queries(api, url) for url in one} == one
