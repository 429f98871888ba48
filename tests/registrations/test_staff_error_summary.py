"""The office's forms list every mistake in the same summary as the public form: a heading and a
link to each field, not a bare list announced as an alert (which screen readers read as noise)."""

import re


def _summary(page):
    assert '<ul class="form-errors" role="alert">' not in page
    tag = re.search(r'<div class="error-summary"[^>]*>', page)
    assert tag, "no error summary"
    return page[tag.start():].split("</div>", 1)[0]


def test_a_refused_phone_registration_lists_its_mistakes_as_links_to_the_fields(client, staff, oldies_goldies):
    client.force_login(staff)

    page = client.post("/sprava/prihlasit/", {"who": "new", "name": "", "seats": "1"}).content.decode()

    summary = _summary(page)
    assert 'href="#id_name"' in summary
    assert "Je potřeba opravit:" in summary


def test_a_wrong_period_in_the_statistics_links_to_its_field(client, staff):
    client.force_login(staff)

    response = client.get("/sprava/statistiky/?from=31.02.2026")

    assert response.status_code == 400
    assert 'href="#id_from"' in _summary(response.content.decode())
