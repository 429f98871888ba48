"""The Anděl nomination and the jury's scores show mistakes the way the registration form does: every
mistake at once, in the site's one error summary (a heading and a link to each field), each again next
to its field, tied to it by aria-describedby."""

import re

import pytest

from awards.models import Nomination, Phase
from tests.error_summary import assert_the_sites_error_summary, described_by, summary_of

from .conftest import criteria_ids, cs

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(make_round):
    return make_round(2026, phase=Phase.NOMINATIONS)


def test_a_nomination_full_of_mistakes_shows_every_one_at_once_beside_its_field(client, open_round):
    response = client.post("/andel/nominovat/", {
        "nominee_name": "", "nominee_email": "vera@", "nominee_phone": "12", "story": "Je hodná.",
        "nominator_name": "", "nominator_email": "", "nominator_phone": "",
    })
    page = response.content.decode()

    assert response.status_code == 400 and not Nomination.objects.exists()
    assert "<title>Chyba:" in page
    fields = ["id_nominee_name", "id_nominee_email", "id_nominee_phone", "id_category_0", "id_story",
              "id_nominator_name", "id_nominator_phone", "id_consent"]
    assert_the_sites_error_summary(page, fields)
    summary = summary_of(page)
    for message in ("Write the name of the person you nominate.", "Choose one of the categories of this year's award.",
                    "Give your phone number or e-mail, so we can ask you about the nomination.",
                    "Without your agreement we cannot accept the nomination."):
        assert cs(message) in summary, message
    assert cs("Tell us in a few sentences what the person did (at least %(count)s characters).") % {"count": 20} \
        in summary
    for field in ("id_nominee_name", "id_nominee_email", "id_story", "id_nominator_phone", "id_consent"):
        assert f"{field}_error" in described_by(page, field), field
    assert described_by(page, "id_story") == ["id_story_helptext", "id_story_error"]
    # The categories are a group: the group names its mistake, the summary leads to its first choice.
    group = re.search(rf'<fieldset class="choice-group"([^>]*)>\s*<legend>{cs("Category")}</legend>', page)
    assert group and 'aria-describedby="id_category_error"' in group.group(1)


def test_a_nomination_with_one_mistake_keeps_what_was_typed(client, open_round):
    category = open_round.categories.first()
    response = client.post("/andel/nominovat/", {
        "nominee_name": "Věra Šimková", "category": category.pk,
        "story": "Paní Šimková už osm let každé úterý předčítá klientům domova.", "nominator_name": "Jana Dvořáková",
        "nominator_phone": "123", "consent": "on",
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert_the_sites_error_summary(page, ["id_nominator_phone"])
    assert 'value="Věra Šimková"' in page and "předčítá klientům domova" in page


def test_a_score_outside_the_scale_is_in_the_summary_and_beside_its_criterion(client, juror, judging, vera):
    client.force_login(juror)
    first, second, third = criteria_ids(judging)
    response = client.post(f"/porota/nominace/{vera.pk}/", {f"criterion_{first}": "6", f"criterion_{second}": "99",
                                                             f"criterion_{third}": "6"})
    page = response.content.decode()
    assert response.status_code == 400
    assert_the_sites_error_summary(page, [f"id_criterion_{second}"])
