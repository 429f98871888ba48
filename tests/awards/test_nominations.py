"""A citizen nominates a volunteer for the Anděl award while nominations are open."""

import pytest
from django.core import mail

from awards.models import Nomination, Phase, Story

from .conftest import cs

FORM = "/andel/nominovat/"


@pytest.fixture
def open_round(make_round):
    return make_round(2026, phase=Phase.NOMINATIONS)


def nomination_data(award_round, **changes):
    category = award_round.categories.first()
    return {
        "nominee_name": "Věra Šimková", "nominee_organisation": "Domov pro seniory Sedlec",
        "nominee_email": "", "nominee_phone": "", "category": category.pk,
        "story": "Paní Šimková už osm let každé úterý předčítá klientům domova a chodí s nimi ven.",
        "nominator_name": "Jana Dvořáková", "nominator_email": "jana@seznam.cz", "nominator_phone": "",
        "consent": "on", **changes,
    }


def test_a_citizen_nominates_a_volunteer_and_gets_a_thank_you(client, open_round,
                                                              django_capture_on_commit_callbacks):
    form = client.get(FORM)
    assert form.status_code == 200
    assert "Dobrovolník v sociálních službách" in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, nomination_data(open_round))

    assert response.status_code == 302 and response["Location"] == "/andel/dekujeme/"
    nomination = Nomination.objects.get()
    assert (nomination.nominee_name, nomination.status, nomination.round) == (
        "Věra Šimková", Nomination.Status.SUBMITTED, open_round,
    )
    story = nomination.stories.get()
    assert story.nominator_name == "Jana Dvořáková" and story.consent_at is not None
    assert story.source == Story.Source.WEB
    assert len(mail.outbox) == 1
    thanks = mail.outbox[0]
    assert thanks.to == ["jana@seznam.cz"]
    assert "Věra Šimková" in thanks.body and "183" in thanks.body
    assert client.get("/andel/dekujeme/").status_code == 200


def test_the_form_is_not_offered_and_a_nomination_is_refused_when_nominations_are_closed(client, make_round):
    award_round = make_round(2026, phase=Phase.JUDGING)

    page = client.get(FORM)
    response = client.post(FORM, nomination_data(award_round))

    assert page.status_code == 200
    assert cs("Nominations for the Anděl award are not open now.") in page.content.decode()
    assert 'name="story"' not in page.content.decode()
    assert response.status_code == 409
    assert cs("Nominations for the Anděl award are not open now.") in response.content.decode()
    assert not Nomination.objects.exists() and not mail.outbox


def test_without_consent_nothing_is_kept(client, open_round):
    data = nomination_data(open_round)
    del data["consent"]
    response = client.post(FORM, data)
    assert response.status_code == 400
    assert cs("Without your agreement we cannot accept the nomination.") in response.content.decode()
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"story": "Je hodná."}, "Tell us in a few sentences what the person did (at least %(count)s characters)."),
    ({"nominator_email": "", "nominator_phone": ""},
     "Give your phone number or e-mail, so we can ask you about the nomination."),
    ({"nominator_phone": "123"}, "The phone number is not valid. Write nine digits, for example 777 123 456."),
    ({"nominee_email": "vera@"}, "The e-mail address is not valid. Check it, for example jana@seznam.cz."),
])
def test_a_mistake_is_explained_and_nothing_is_saved(client, open_round, changes, message):
    response = client.post(FORM, nomination_data(open_round, **changes))
    assert response.status_code == 400
    expected = cs(message) % {"count": 20} if "%(count)s" in message else cs(message)
    assert expected in response.content.decode()
    assert "Věra Šimková" in response.content.decode()  # what was typed stays in the form
    assert not Nomination.objects.exists()


def test_a_category_of_another_year_is_refused(client, open_round, make_round):
    older = make_round(2025, phase=Phase.ANNOUNCED)
    response = client.post(FORM, nomination_data(open_round, category=older.categories.first().pk))
    assert response.status_code == 400
    assert not Nomination.objects.exists()


def test_the_same_person_nominated_twice_is_flagged_for_staff(client, open_round, staff):
    client.post(FORM, nomination_data(open_round))
    client.post(FORM, nomination_data(open_round, nominee_name="vera  simkova", nominator_name="Petr Malý",
                                      nominator_email="petr@seznam.cz"))
    client.post(FORM, nomination_data(open_round, nominee_name="Pavel Novotný"))

    client.force_login(staff)
    html = client.get(f"/sprava/andel/rocnik/{open_round.pk}/").content.decode()

    assert html.count(cs("possibly nominated twice")) == 2
    pavel = Nomination.objects.get(nominee_name="Pavel Novotný")
    assert cs("This person may be nominated more than once:") not in client.get(
        f"/sprava/andel/nominace/{pavel.pk}/").content.decode()


def test_too_many_anonymous_nominations_from_one_address_are_refused(client, open_round, settings):
    settings.SPOLU_NOMINATION_THROTTLE = "2/hour"
    for _ in range(2):
        assert client.post(FORM, nomination_data(open_round)).status_code == 302
    response = client.post(FORM, nomination_data(open_round))
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 3600
    assert cs("Too many nominations from this connection. Please call the department.") in response.content.decode()
    assert Nomination.objects.count() == 2


def test_the_award_page_invites_to_nominate_while_open(client, open_round):
    html = client.get("/andel/").content.decode()
    assert FORM in html
    assert cs("Nominate a volunteer") in html


def test_an_organisation_with_a_control_character_is_explained_beside_it(client, open_round):
    response = client.post(FORM, nomination_data(open_round, nominee_organisation="Domov\x1b Sedlec"))

    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index('id="id_nominee_organisation_error"'):][:400]
    assert cs("The text contains a character that cannot be written in it (a control character). "
              "Delete it, please.") in error
    assert not Nomination.objects.exists()
