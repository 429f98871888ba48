"""The office's list of dates shows events, not the opening hours of collection points."""

from datetime import time

from events.models import Kind


def test_collection_hours_stay_off_the_staff_home_and_it_says_where_they_are(client, staff, make_series):
    make_series("Oldies Goldies")
    make_series("Sběrné místo Martinská", kind=Kind.COLLECTION, rule="FREQ=DAILY", start_time=time(8, 0),
                registration_required=False)
    client.force_login(staff)

    page = client.get("/sprava/").content.decode()

    assert "Oldies Goldies" in page
    assert "Sběrné místo Martinská" not in page
    assert 'href="/sprava/sbirky/"' in page
