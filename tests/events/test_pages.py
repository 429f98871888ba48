"""What a senior sees on the public programme, a series page and a date page."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Kind, Occurrence, Venue
from events.services import cancel_occurrence

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_the_programme_lists_upcoming_dates_by_day_in_czech(client, oldies_goldies, nedam_se):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="cs">' in page
    assert "Program pro seniory" in page
    assert "Oldies Goldies" in page
    first = oldies_goldies.occurrences.order_by("start").first()
    assert first.get_absolute_url() in page
    heading = timezone.localtime(first.start).strftime("%-d. ")
    assert heading in page and "středa" in page.lower()
    assert "Zbývá 40 míst" in page


def test_the_programme_stays_czech_for_an_english_browser(client, oldies_goldies):
    page = text(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert "Program pro seniory" in page


def test_a_person_can_switch_to_english(client, oldies_goldies):
    client.get(reverse("events:switch_language", kwargs={"code": "en"}), {"next": "/"})
    assert "Programme for seniors" in text(client.get("/"))


def test_filters_narrow_the_programme(client, oldies_goldies, nedam_se, disabled):
    oldies_goldies.audiences.add(disabled)
    for query, shown, hidden in [
        ({"kind": Kind.WORKSHOP}, "Nedám se!", "Oldies Goldies"),
        ({"audience": "zdravotne-postizeni"}, "Oldies Goldies", "Nedám se!"),
        ({"audience": str(disabled.pk)}, "Oldies Goldies", "Nedám se!"),
    ]:
        page = text(client.get("/", {**query, "from": date.today().isoformat(),
                                      "to": (date.today() + timedelta(days=62)).isoformat()}))
        assert shown in page and hidden not in page, query


def test_filter_by_venue_includes_dates_moved_there(client, oldies_goldies, nedam_se):
    depo = Venue.objects.create(name="DEPO2015", slug="depo2015", street="Presslova 14")
    moved = nedam_se.occurrences.order_by("start").first()
    moved.venue = depo
    moved.save()
    page = text(client.get("/", {"venue": "depo2015", "to": (date.today() + timedelta(days=90)).isoformat()}))
    assert "Nedám se!" in page and "Oldies Goldies" not in page
    assert "jiné místo než obvykle" in page


def test_only_with_free_places_hides_full_and_cancelled_dates(client, oldies_goldies):
    full, cancelled, free = oldies_goldies.occurrences.order_by("start")[:3]
    Occurrence.objects.filter(pk=full.pk).update(seats_taken=40)
    cancel_occurrence(cancelled, note="Nemoc kapely")
    page = text(client.get("/", {"has_free_places": "on", "to": (date.today() + timedelta(days=31)).isoformat()}))
    assert free.get_absolute_url() in page
    assert full.get_absolute_url() not in page
    assert cancelled.get_absolute_url() not in page
    everything = text(client.get("/", {"to": (date.today() + timedelta(days=31)).isoformat()}))
    assert "Zrušeno: Nemoc kapely" in everything and "obsazeno" in everything.lower()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"audience": "marťani"}, "Neznámá cílová skupina."),
        ({"kind": "rave"}, "Neznámý druh akce."),
        ({"venue": "999"}, "Neznámé místo konání."),
        ({"from": "zítra"}, "Zadejte datum jako RRRR-MM-DD"),
        ({"from": "2026-12-10", "to": "2026-12-01"}, "Konec období je dříve než jeho začátek."),
        ({"from": "2026-01-01", "to": "2029-01-01"}, "nejvýše 400 dní"),
        ({"has_free_places": "možná"}, "Použijte 1 pro ano"),
        ({"from": "0001-01-01"}, "mezi roky 1900 a 2999"),
        ({"venue": "beseda\x00"}, "Neznámé místo konání."),
        ({"audience": "s" * 500}, "Neznámá cílová skupina."),
        ({"to": "9999-12-31"}, "mezi roky 1900 a 2999"),
    ],
)
def test_bad_filters_get_a_czech_message_and_400(client, oldies_goldies, query, message):
    response = client.get("/", query)
    assert response.status_code == 400
    assert message in text(response)


def test_an_unpublished_series_is_not_shown(client, make_series):
    hidden = make_series("Tajná zkouška", published=False)
    assert "Tajná zkouška" not in text(client.get("/"))
    assert client.get(hidden.get_absolute_url()).status_code == 404
    date_page = hidden.occurrences.first().get_absolute_url()
    assert client.get(date_page).status_code == 404


def test_the_series_page_shows_the_next_dates_and_the_venue(client, oldies_goldies):
    page = text(client.get(oldies_goldies.get_absolute_url()))
    assert "Oldies Goldies" in page
    assert "Nejbližší termíny" in page
    dates = list(oldies_goldies.occurrences.order_by("start"))
    for occurrence in dates[:12]:
        assert occurrence.get_absolute_url() in page
    assert dates[12].get_absolute_url() not in page
    assert "Kopeckého sady 13" in page


def test_the_date_page_tells_where_when_places_and_accessibility(client, oldies_goldies):
    occurrence = oldies_goldies.occurrences.order_by("start").first()
    Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=15)
    page = text(client.get(occurrence.get_absolute_url()))
    assert "18:00–21:00" in page
    assert "Měšťanská beseda, Kopeckého sady 13, 301 00 Plzeň" in page
    assert "volných 25 z 40" in page
    for fact in ("Bezbariérový přístup", "Indukční smyčka pro nedoslýchavé", "Bezbariérové WC",
                 "Náměstí Republiky (tram 1, 2, 4)", "Parkoviště u Jízdecké ulice"):
        assert fact in page


def test_the_date_page_says_when_registration_opens(client, make_series):
    later = make_series("Adventní koncert", rule="", starts_on=date.today() + timedelta(days=60),
                        start_time=time(17, 0), registration_opens_days_before=30)
    page = text(client.get(later.occurrences.get().get_absolute_url()))
    assert "Přihlašování začne" in page


def test_a_cancelled_date_says_so(client, oldies_goldies):
    occurrence = oldies_goldies.occurrences.order_by("start").first()
    cancel_occurrence(occurrence, note="Sál je v rekonstrukci.")
    page = text(client.get(occurrence.get_absolute_url()))
    assert "Tento termín je zrušený." in page and "Sál je v rekonstrukci." in page
    assert "Přihlásit se nelze: termín je zrušený." in page


def test_a_date_of_another_series_is_not_found_under_this_one(client, oldies_goldies, nedam_se):
    other = nedam_se.occurrences.first()
    url = reverse("events:occurrence", kwargs={"slug": oldies_goldies.slug, "pk": other.pk})
    assert client.get(url).status_code == 404


def test_the_printable_month_lists_the_month_in_large_print(client, oldies_goldies):
    month = timezone.localdate() + timedelta(days=31)
    response = client.get(reverse("events:print_month"), {"month": month.strftime("%Y-%m")})
    page = text(response)
    assert response.status_code == 200
    rows = [o for o in oldies_goldies.occurrences.all() if timezone.localtime(o.start).month == month.month
            and timezone.localtime(o.start).year == month.year]
    assert page.count("<strong>Oldies Goldies</strong>") == len(rows) > 0
    assert "@page" in open("static/css/spolu.css").read()


@pytest.mark.parametrize("month", ["prosinec", "9999-12", "0001-01", "1-1", "2026-13", "99999999999999999999-1"])
def test_the_printable_month_refuses_a_bad_month(client, month):
    response = client.get(reverse("events:print_month"), {"month": month})
    assert response.status_code == 400
    assert "Zadejte měsíc jako RRRR-MM" in text(response)
