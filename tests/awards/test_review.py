"""The coordinator reviews nominations: accepts, rejects with a reason, corrects typos, merges duplicates.

The nominee is told what is kept about them, and nothing about them is published until they agree.
"""

import pytest
from django.core import mail

from awards.models import Nomination, Phase, Story
from awards.services import AwardError, merge_nominations, score

from .conftest import all_criteria, cs


@pytest.fixture
def submitted(judging, nominate_directly):
    return nominate_directly(judging, "Věra Šimková", status=Nomination.Status.SUBMITTED,
                             nominee_email="vera.simkova@example.org")


def test_accepting_tells_the_nominee_what_is_kept_and_asks_for_agreement(
    client, staff, submitted, django_capture_on_commit_callbacks,
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sprava/andel/nominace/{submitted.pk}/prijmout/")

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.ACCEPTED and submitted.reviewed_by == staff
    assert submitted.informed_at is not None
    (message,) = mail.outbox
    assert message.to == ["vera.simkova@example.org"]
    assert submitted.get_nominee_url() in message.body
    assert submitted.nominee_token in message.body and "/andel/nominace/" in message.body


def test_the_nominee_is_informed_only_once(client, staff, submitted, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sprava/andel/nominace/{submitted.pk}/prijmout/")
        client.post(f"/sprava/andel/nominace/{submitted.pk}/zamitnout/", {"reason": "Omyl."})
        client.post(f"/sprava/andel/nominace/{submitted.pk}/prijmout/")
    assert len(mail.outbox) == 1


def test_a_rejected_nomination_is_kept_with_its_reason(client, staff, submitted):
    client.force_login(staff)

    without_reason = client.post(f"/sprava/andel/nominace/{submitted.pk}/zamitnout/", {"reason": " "})
    assert without_reason.status_code == 400
    assert cs("Write why the nomination is rejected.") in without_reason.content.decode()
    assert Nomination.objects.get().status == Nomination.Status.SUBMITTED

    client.post(f"/sprava/andel/nominace/{submitted.pk}/zamitnout/", {"reason": "Nejde o dobrovolnou činnost."})

    kept = Nomination.objects.get()
    assert kept.status == Nomination.Status.REJECTED
    assert kept.rejection_reason == "Nejde o dobrovolnou činnost."
    assert kept.stories.count() == 1


def test_staff_correct_a_typo_in_the_name(client, staff, submitted):
    client.force_login(staff)
    response = client.post(f"/sprava/andel/nominace/{submitted.pk}/upravit/", {
        "nominee_name": "Věra Šimková-Malá", "nominee_organisation": "Domov Sedlec", "nominee_email": "",
        "nominee_phone": "777 123 456", "category": submitted.category_id,
    })
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.nominee_name, submitted.nominee_phone, submitted.name_key) == (
        "Věra Šimková-Malá", "+420777123456", "vera simkova-mala",
    )


def test_merging_keeps_every_story_with_one_nominee(client, staff, judging, submitted, nominate_directly):
    twice = nominate_directly(judging, "Vera Simkova", status=Nomination.Status.SUBMITTED,
                              story="Paní Věra nám v domově pomáhá s nákupy a předčítá nám.",
                              nominee_phone="+420777123456")
    client.force_login(staff)
    assert cs("This person may be nominated more than once:") in client.get(
        f"/sprava/andel/nominace/{twice.pk}/").content.decode()

    response = client.post(f"/sprava/andel/nominace/{twice.pk}/sloucit/", {"into": submitted.pk})

    assert response.status_code == 302 and response["Location"] == f"/sprava/andel/nominace/{submitted.pk}/"
    submitted.refresh_from_db()
    twice.refresh_from_db()
    assert submitted.stories.count() == 2 and Story.objects.count() == 2
    assert submitted.nominee_phone == "+420777123456"  # a detail only the duplicate had is kept
    assert (twice.status, twice.merged_into) == (Nomination.Status.MERGED, submitted)
    assert cs("This person may be nominated more than once:") not in client.get(
        f"/sprava/andel/nominace/{submitted.pk}/").content.decode()


def test_a_nomination_already_scored_is_not_merged_away(judging, vera, pavel, juror, staff):
    score(juror, pavel, all_criteria(judging, 5, 5, 5))
    with pytest.raises(AwardError) as refused:
        merge_nominations(pavel, into=vera, by=staff)
    assert refused.value.code == "has_scores" and refused.value.status == 409
    pavel.refresh_from_db()
    assert pavel.status == Nomination.Status.ACCEPTED and pavel.stories.count() == 1


def test_nominations_of_a_closed_round_cannot_be_reviewed(client, staff, make_round, nominate_directly):
    closed = make_round(2025, phase=Phase.CLOSED)
    nomination = nominate_directly(closed, "Hana Marešová", status=Nomination.Status.SUBMITTED)
    client.force_login(staff)
    response = client.post(f"/sprava/andel/nominace/{nomination.pk}/prijmout/")
    assert response.status_code == 409
    assert cs("Judging of this round is closed; its nominations cannot change.") in response.content.decode()
    assert Nomination.objects.get().status == Nomination.Status.SUBMITTED


def test_only_the_coordinator_reviews(client, juror, organizer_a, stranger, submitted):
    for user in (juror, organizer_a, stranger):
        client.force_login(user)
        assert client.get(f"/sprava/andel/nominace/{submitted.pk}/").status_code == 404
        assert client.post(f"/sprava/andel/nominace/{submitted.pk}/prijmout/").status_code == 404
    client.logout()
    assert client.get(f"/sprava/andel/nominace/{submitted.pk}/").status_code == 302  # to the login page
    assert Nomination.objects.get().status == Nomination.Status.SUBMITTED


def test_the_nominee_agrees_to_publication_from_their_private_link(client, vera):
    page = client.get(vera.get_nominee_url())
    assert page.status_code == 200
    assert cs("Nothing about you is published without your agreement.") in page.content.decode()

    response = client.post(vera.get_nominee_url(), {"agrees": "yes"})

    assert response.status_code == 302
    vera.refresh_from_db()
    assert vera.publication_consent is True and vera.consent_answered_at is not None


def test_a_guessed_nominee_link_finds_nothing(client, vera):
    assert client.get("/andel/nominace/abc/").status_code == 404
    assert client.post("/andel/nominace/abc/", {"agrees": "yes"}).status_code == 404


def test_the_coordinator_records_an_answer_given_on_the_phone(client, staff, pavel):
    client.force_login(staff)
    client.post(f"/sprava/andel/nominace/{pavel.pk}/souhlas/", {"agrees": "no"})
    pavel.refresh_from_db()
    assert pavel.publication_consent is False and pavel.informed_at is not None


def test_winners_are_published_only_with_their_agreement(client, make_round, nominate_directly, juror):
    announced = make_round(2025, phase=Phase.ANNOUNCED, jurors=[juror])
    nominate_directly(announced, "Hana Marešová", category=0, won=True, final_rank=1, publication_consent=True,
                      story="Paní Marešová doprovází umírající a jejich rodiny už deset let.")
    nominate_directly(announced, "Filip Jelínek", category=1, won=True, final_rank=1, publication_consent=None)
    nominate_directly(announced, "Zdeněk Říha", category=2, won=True, final_rank=1, publication_consent=False)
    nominate_directly(announced, "Karel Malý", category=0, won=False, final_rank=2, publication_consent=True)

    for url in ("/andel/", "/andel/2025/"):
        html = client.get(url).content.decode()
        assert "Hana Marešová" in html and "doprovází umírající" in html
        assert "Jana Dvořáková" not in html  # the nominator is not published
        for hidden in ("Filip Jelínek", "Zdeněk Říha", "Karel Malý"):
            assert hidden not in html


def test_a_year_not_announced_has_no_public_page(client, judging, vera):
    assert client.get("/andel/2026/").status_code == 404


def test_an_email_found_out_later_informs_an_accepted_nominee(client, staff, pavel,
                                                              django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sprava/andel/nominace/{pavel.pk}/upravit/", {
            "nominee_name": "Pavel Novotný", "nominee_organisation": "Diakonie Západ",
            "nominee_email": "pavel.novotny@example.org", "nominee_phone": "", "category": pavel.category_id,
        })
    (message,) = mail.outbox
    assert message.to == ["pavel.novotny@example.org"] and pavel.get_nominee_url() in message.body
