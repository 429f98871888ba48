"""A wrong filter of the programme (a date typed by hand, an address edited) is explained the way
every form explains mistakes: in the site's one error summary, and next to the filter itself."""

import pytest

from tests.error_summary import assert_the_sites_error_summary, described_by, pointing_nowhere, summary_of

pytestmark = pytest.mark.django_db


def test_a_wrong_date_is_in_the_summary_and_beside_its_box(client, dance):
    response = client.get("/", {"from": "bad", "has_free_places": "asi"})
    page = response.content.decode()

    assert response.status_code == 400
    assert_the_sites_error_summary(page, ["id_from", "id_has_free_places"])
    assert "Zadejte datum jako RRRR-MM-DD, například 2026-12-24." in summary_of(page)
    assert described_by(page, "id_from") == ["id_from_error"]
    assert described_by(page, "id_has_free_places") == ["id_has_free_places_error"]
    assert 'class="date-card' not in page


def test_a_range_the_wrong_way_round_is_in_the_summary(client, dance):
    page = client.get("/", {"from": "2026-12-10", "to": "2026-12-01"}).content.decode()
    summary = summary_of(page)
    assert "<li>Konec období je dříve než jeho začátek.</li>" in summary
    assert pointing_nowhere(page) == []


def test_an_unknown_event_in_the_address_is_explained_without_a_link_to_nowhere(client, dance):
    response = client.get("/", {"series": "neni-takova"})
    page = response.content.decode()
    assert response.status_code == 400
    summary = summary_of(page)
    assert "Neznámá akce." in summary and 'href="#id_series"' not in summary
    assert pointing_nowhere(page) == []


def test_the_series_chosen_on_an_events_page_still_filters(client, dance, nedam_se):
    page = client.get("/", {"series": dance.series.slug}).content.decode()
    assert "Oldies Goldies" in page and "Nedám se!" not in page.split("<main", 1)[1].split("</main>")[0]
