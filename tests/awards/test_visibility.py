"""Until judging closes a juror sees only their own scores, and the coordinator only how far each juror is.

Juror B scores Věra 7, 3 and 9 (weighted 6.00). Juror A tries every address of the app and of
the API: none of them shows B's numbers, B's name next to a number, or the results.
"""

import json
import re

import pytest
from django.urls import reverse

from awards import urls as award_urls
from awards.models import Phase
from awards.services import move_phase, score
from volunteers import urls as volunteer_urls

from .conftest import all_criteria, cs

B_VALUES = (7, 3, 9)
B_WEIGHTED = ("6,00", "6.00")
# A score field with a value in it: juror A has not scored, so any filled field would be someone else's.
SCORE_FIELD_FILLED = re.compile(r'<input[^>]*name="criterion_\d+"[^>]*value="\d+"')


@pytest.fixture
def scored_by_b(judging, vera, pavel, juror_b, make_volunteer, cloakroom):
    score(juror_b, vera, all_criteria(judging, *B_VALUES))
    return vera


def every_address(judging, vera, volunteer, shift):
    """One address for each page of the award and of the volunteer register (a test below checks none is missing)."""
    awards = {
        "andel": {}, "nominate": {}, "thanks": {}, "winners": {"year": judging.year},
        "nominee": {"token": vera.nominee_token},
        "jury_home": {}, "jury_round": {"pk": judging.pk}, "jury_results": {"pk": judging.pk},
        "jury_nomination": {"pk": vera.pk}, "jury_conflict": {"pk": vera.pk},
        "staff_rounds": {}, "staff_round": {"pk": judging.pk}, "staff_move_phase": {"pk": judging.pk},
        "staff_results": {"pk": judging.pk}, "staff_results_csv": {"pk": judging.pk},
        "staff_decide_tie": {"pk": judging.pk}, "staff_audit": {"pk": judging.pk},
        "staff_nomination": {"pk": vera.pk}, "staff_accept": {"pk": vera.pk}, "staff_reject": {"pk": vera.pk},
        "staff_edit_nomination": {"pk": vera.pk}, "staff_merge": {"pk": vera.pk}, "staff_consent": {"pk": vera.pk},
        "staff_nominee_renew_link": {"pk": vera.pk},
    }
    volunteers = {
        "my_shifts": {"token": volunteer.token}, "sign_up": {"token": volunteer.token, "shift_pk": shift.pk},
        "confirm": {"token": volunteer.token, "pk": 1}, "decline": {"token": volunteer.token, "pk": 1},
        "staff_volunteers": {}, "staff_volunteer_new": {}, "staff_volunteer": {"pk": volunteer.pk},
        "staff_volunteer_check": {"pk": volunteer.pk}, "staff_volunteer_leave": {"pk": volunteer.pk},
        "staff_volunteer_renew_link": {"pk": volunteer.pk},
        "staff_shifts": {}, "staff_shift_new": {}, "staff_shift": {"pk": shift.pk},
        "staff_shift_ask": {"pk": shift.pk}, "staff_shift_cancel": {"pk": shift.pk, "assignment_pk": 1},
        "staff_shift_attendance": {"pk": shift.pk, "assignment_pk": 1}, "staff_hours": {},
    }
    return {f"{app}:{name}": reverse(f"{app}:{name}", kwargs=values)
            for app, names in (("awards", awards), ("volunteers", volunteers)) for name, values in names.items()}


def api_addresses(judging, vera, juror_b):
    base = "/api/v1/jury/nominations/"
    return [
        base, f"{base}?round={judging.pk}", f"{base}{vera.pk}/", f"{base}{vera.pk}/scores/",
        f"{base}{vera.pk}/scores/?juror={juror_b.pk}", "/api/v1/award/rounds/", f"/api/v1/award/rounds/{judging.pk}/",
    ]


def shows_scores_of_b(response, juror_b):
    if response.status_code != 200:
        return False
    text = response.content.decode()
    if any(marker in text for marker in B_WEIGHTED):
        return True
    if SCORE_FIELD_FILLED.search(text):
        return True
    if response["Content-Type"].startswith("application/json"):
        return '"value":' in text.replace(" ", "") and '"my_scores":[]' not in text.replace(" ", "")
    return juror_b.last_name in text


def test_every_page_of_the_app_is_in_the_list_below(scored_by_b, judging, tomas, cloakroom):
    names = {f"{urls.app_name}:{pattern.name}" for urls in (award_urls, volunteer_urls) for pattern in urls.urlpatterns}
    assert names == set(every_address(judging, scored_by_b, tomas, cloakroom))


def test_a_juror_cannot_read_another_jurors_scores_by_any_address(client, juror, juror_b, judging, scored_by_b,
                                                                 tomas, cloakroom):
    client.force_login(juror)
    addresses = [*every_address(judging, scored_by_b, tomas, cloakroom).values(),
                 *api_addresses(judging, scored_by_b, juror_b)]
    seen = {}
    for address in addresses:
        response = client.get(address)
        assert response.status_code < 500, address
        assert not shows_scores_of_b(response, juror_b), address
        seen[address] = response.status_code

    assert seen[f"/porota/nominace/{scored_by_b.pk}/"] == 200  # their own page, with empty fields
    assert seen[f"/porota/rocnik/{judging.pk}/vysledky/"] == 403
    scores = client.get(f"/api/v1/jury/nominations/{scored_by_b.pk}/scores/?juror={juror_b.pk}").json()
    assert scores == {"nomination": scored_by_b.pk, "state": "todo", "scores": []}
    listing = client.get("/api/v1/jury/nominations/").json()["results"]
    assert [item["my_scores"] for item in listing] == [[], []]

    # The check above can fail: once A scores, A's own page shows A's numbers in the fields.
    score(juror, scored_by_b, all_criteria(judging, 1, 2, 4))
    assert SCORE_FIELD_FILLED.search(client.get(f"/porota/nominace/{scored_by_b.pk}/").content.decode())


def test_the_refusal_of_the_results_is_explained(client, juror, judging, scored_by_b):
    client.force_login(juror)
    response = client.get(f"/porota/rocnik/{judging.pk}/vysledky/")
    assert response.status_code == 403
    assert cs("The results are shown to the jury and the coordinator once judging closes.") in \
        response.content.decode()


def test_the_coordinator_sees_who_has_scored_how_many_but_no_values(client, staff, juror_b, judging, scored_by_b,
                                                                   tomas, cloakroom):
    client.force_login(staff)
    round_page = client.get(f"/sprava/andel/rocnik/{judging.pk}/")
    html = round_page.content.decode()

    assert round_page.status_code == 200
    row = html[html.index("Josef Kolář"):]
    row = row[: row.index("</tr>")]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:-1]] == ["1", "0", "0", "1"]
    for address in every_address(judging, scored_by_b, tomas, cloakroom).values():
        response = client.get(address)
        assert response.status_code < 500, address
        text = response.content.decode(errors="replace")
        assert not any(marker in text for marker in B_WEIGHTED), address
        assert not SCORE_FIELD_FILLED.search(text), address
    for refused in ("vysledky/", "vysledky.csv", "zmeny-hodnoceni/"):
        assert client.get(f"/sprava/andel/rocnik/{judging.pk}/{refused}").status_code == 403


def test_after_judging_closes_the_jury_and_the_coordinator_see_every_score(client, juror, staff, stranger,
                                                                          judging, scored_by_b):
    move_phase(judging, Phase.CLOSED, by=staff)

    client.force_login(juror)
    html = client.get(f"/porota/rocnik/{judging.pk}/vysledky/").content.decode()
    assert any(marker in html for marker in B_WEIGHTED) and "Josef Kolář" in html

    client.force_login(staff)
    assert any(marker in client.get(f"/sprava/andel/rocnik/{judging.pk}/vysledky/").content.decode()
               for marker in B_WEIGHTED)
    audit = client.get(f"/sprava/andel/rocnik/{judging.pk}/zmeny-hodnoceni/").content.decode()
    assert "Josef Kolář" in audit and "Vytrvalost" in audit

    client.force_login(stranger)
    assert client.get(f"/porota/rocnik/{judging.pk}/vysledky/").status_code == 404
    assert client.get(f"/sprava/andel/rocnik/{judging.pk}/vysledky/").status_code == 404


def test_the_api_keeps_to_the_same_rule_after_close(client, juror, juror_b, staff, judging, scored_by_b):
    move_phase(judging, Phase.CLOSED, by=staff)
    client.force_login(juror)
    body = client.get(f"/api/v1/jury/nominations/{scored_by_b.pk}/").json()
    assert body["my_scores"] == [] and body["phase"] == "closed"
    assert json.dumps(body).count('"value"') == 0
