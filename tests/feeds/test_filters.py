"""Subscribing to part of the programme: for whom, what kind, where, which event — and the subscribe box."""

import re
from datetime import date, timedelta
from html import unescape

from events.models import Kind
from tests.conftest import _next_weekday

from .conftest import FEED, change_date, exdates, master, parse, prague, vevents


def summaries(calendar):
    return sorted({str(event["SUMMARY"]) for event in vevents(calendar)})


def test_filters_by_audience_kind_and_series(client, oldies_goldies, nedam_se, make_series, disabled):
    make_series("Šikovné ruce", kind=Kind.WORKSHOP, audiences=[disabled])

    assert summaries(parse(client.get(f"{FEED}?audience=zdravotne-postizeni"))) == ["Šikovné ruce"]
    assert summaries(parse(client.get(f"{FEED}?kind=workshop"))) == ["Nedám se!", "Šikovné ruce"]
    assert summaries(parse(client.get(f"{FEED}?series=nedam-se"))) == ["Nedám se!"]
    assert summaries(parse(client.get(f"{FEED}?audience=seniori&kind=dance"))) == ["Oldies Goldies"]
    assert summaries(parse(client.get(f"{FEED}?series={oldies_goldies.pk}"))) == ["Oldies Goldies"]


def test_a_filtered_feed_has_its_own_name(client, oldies_goldies):
    calendar = parse(client.get(f"{FEED}?kind=dance&venue=mestanska-beseda"))

    assert str(calendar["X-WR-CALNAME"]).endswith(": taneční večer, Měšťanská beseda")


def test_the_venue_feed_shows_what_happens_there_as_the_programme_does(client, oldies_goldies, make_series, depo):
    at_depo = make_series("Trénink paměti", rule="FREQ=WEEKLY;BYDAY=MO", kind=Kind.COURSE, venue=depo,
                          starts_on=_next_weekday(date.today(), 0))
    away = oldies_goldies.occurrences.order_by("start")[1]
    change_date(away, venue=depo)  # one dance evening moves to DEPO2015

    at_beseda = parse(client.get(f"{FEED}?venue=mestanska-beseda"))
    there = parse(client.get(f"{FEED}?venue=depo2015"))

    # At the Beseda the moved evening is simply not there...
    assert exdates(master(at_beseda, f"series-{oldies_goldies.pk}@spolu")) == [prague(away.recurrence_id)]
    assert summaries(at_beseda) == ["Oldies Goldies"]
    # ...and at DEPO2015 it is a date of its own next to the series that meets there.
    assert master(there, f"series-{at_depo.pk}@spolu")
    (guest,) = vevents(there, f"occurrence-{away.pk}@spolu")
    assert guest["DTSTART"].dt == prague(away.start)
    assert str(guest["LOCATION"]).startswith("DEPO2015")
    # The programme page with the same filter agrees.
    page = client.get("/?venue=depo2015").content.decode()
    assert f"/akce/oldies-goldies/{away.pk}/" in page


def test_the_programme_page_offers_the_feed_with_the_same_filter(client, oldies_goldies, settings):
    page = client.get("/?audience=seniori&kind=dance&from=2030-01-01&has_free_places=1").content.decode()

    https = f"{settings.SITE_URL}/feeds/program.ics?audience=seniori&amp;kind=dance"
    assert f'value="{https}"' in page
    webcal = "webcal://" + https.split("://", 1)[1]
    assert f'href="{webcal}"' in page
    assert '<label for="subscribe-url">' in page
    assert "csrfmiddlewaretoken" not in page  # the page is cached for everyone


def test_the_series_page_offers_the_feed_of_that_series(client, oldies_goldies, settings):
    page = client.get("/akce/oldies-goldies/").content.decode()

    links = re.findall(r'href="(webcal://[^"]+)"', page)
    assert links == [f"webcal://{settings.SITE_URL.split('://', 1)[1]}/feeds/program.ics?series=oldies-goldies"]
    assert summaries(parse(client.get(unescape(links[0]).split("127.0.0.1:8000", 1)[-1]))) == ["Oldies Goldies"]


def test_the_unfiltered_programme_subscribes_to_everything(client, oldies_goldies, settings):
    page = client.get("/").content.decode()

    assert f'value="{settings.SITE_URL}/feeds/program.ics"' in page


def test_filters_are_kept_apart_in_the_cache(client, oldies_goldies, nedam_se):
    assert summaries(parse(client.get(f"{FEED}?kind=dance"))) == ["Oldies Goldies"]
    assert summaries(parse(client.get(f"{FEED}?kind=workshop"))) == ["Nedám se!"]
    assert summaries(parse(client.get(FEED))) == ["Nedám se!", "Oldies Goldies"]


def test_a_change_in_a_filtered_feed(client, oldies_goldies):
    client.get(f"{FEED}?kind=dance")
    first = oldies_goldies.occurrences.order_by("start")[0]
    change_date(first, start=first.start + timedelta(minutes=30))

    calendar = parse(client.get(f"{FEED}?kind=dance"))

    assert len(vevents(calendar)) == 2
