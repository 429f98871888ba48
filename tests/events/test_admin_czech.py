"""The Czech admin speaks Czech: no English label, column, picker text or table name is left, and the
rows of a series' dates name each box by its column and date."""

import re

import pytest
from django.urls import reverse

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Series:", "Sequence:", ">Series<", "Choose organizátoři", "Remove organizátoři", "Failed tasks",
    "Queued tasks", "Scheduled tasks", "Successful tasks", "Model name", "Add link", "Change or view list link",
    ">Messages<", "Hold down", "Series</a>", "Access attempts", "Access failures", "Access logs",
]


@pytest.fixture
def superuser(db):
    return make_user("sprava", is_staff=True, is_superuser=True, first_name="Iveta", last_name="Správcová")


def english_in(html):
    return [text for text in ENGLISH if text in html]


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_the_admin_pages_of_the_programme_have_no_english(client, who, request, oldies_goldies, dance):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("admin:index"),
        reverse("admin:events_series_changelist"),
        reverse("admin:events_series_change", args=[oldies_goldies.pk]),
        reverse("admin:events_occurrence_changelist"),
        reverse("admin:events_occurrence_change", args=[dance.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_in(response.content.decode()) == [], url


def test_the_date_page_names_the_series_and_the_calendar_version_in_czech(client, staff, dance):
    client.force_login(staff)
    html = client.get(reverse("admin:events_occurrence_change", args=[dance.pk])).content.decode()
    assert "Akce:" in html and "Verze pro kalendáře:" in html
    listing = client.get(reverse("admin:events_occurrence_changelist")).content.decode()
    assert re.search(r'<th scope="col"[^>]*class="[^"]*column-event[^"]*"[^>]*>.*?Akce', listing, re.S)


def test_organizers_are_ticked_by_name_with_a_czech_help(client, staff, organizer_a, oldies_goldies):
    client.force_login(staff)
    html = client.get(reverse("admin:events_series_change", args=[oldies_goldies.pk])).content.decode()
    assert 'type="checkbox" name="organizers"' in html
    assert "Jana Nováková (pracovnice)" in html and "Petr (organizator_a)" in html
    assert "Zaškrtnutí lidé vidí a spravují termíny a přihlášky této akce." in html


def test_the_pickers_of_other_admin_pages_speak_czech_too(client, staff):
    client.force_login(staff)
    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert "Polo\\u017eky (%s) vyberete" in catalogue or "Položky (%s) vyberete" in catalogue
    assert "Vybrat v\\u0161echny polo\\u017eky (%s)" in catalogue or "Vybrat všechny položky (%s)" in catalogue


def test_every_box_in_a_row_of_dates_is_named_by_its_column_and_date(client, staff, oldies_goldies, dance):
    client.force_login(staff)
    html = client.get(reverse("admin:events_series_change", args=[oldies_goldies.pk])).content.decode()
    row = re.search(r'<select name="occurrences-0-status"[^>]*>', html).group(0)
    assert 'aria-label="Stav, ' in row
    start = re.search(r'<input[^>]*name="occurrences-0-end"[^>]*>', html).group(0)
    assert re.search(r'aria-label="Konec, \w+ \d+\. \d+\. \d{4} 18:00"', start)
    assert 'aria-label="Datum"' in html  # the empty row for a new excluded day


def test_the_preview_of_the_repetition_sits_beside_the_rule(client, staff, oldies_goldies):
    client.force_login(staff)
    html = client.get(reverse("admin:events_series_change", args=[oldies_goldies.pk])).content.decode()
    rule = html.index('name="repeats"')
    preview_button = html.index('name="_preview"')
    registration = html.index('name="registration_required"')
    assert rule < preview_button < registration  # between the repetition and the registration settings
    assert html.index('class="schedule-with-preview"') < rule


def test_beside_the_preview_the_dates_of_the_saved_rule_stay_those_of_the_saved_rule(client, staff, oldies_goldies):
    from tests.events.test_admin import form_data

    client.force_login(staff)
    url = reverse("admin:events_series_change", args=[oldies_goldies.pk])
    response = client.post(url, form_data(client.get(url), weekdays=["WE", "TH"], _preview="1"))
    html = response.content.decode()
    preview = html[html.index('id="schedule-preview"'):]
    saved = html[html.index("field-next_dates"):html.index('schedule-preview-box')]
    assert "čt " in preview.split("</ol>")[0]
    assert "čt " not in saved and "st " in saved
