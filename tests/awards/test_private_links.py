"""A nominee's private link leaked (a forwarded e-mail, a shared PC): staff give them a new one.

The old link stops working at once, exactly like a link that never existed; the new one goes to
the e-mail on file, and when there is none, the staff page shows it so staff pass it on.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from awards import messages
from awards.models import AwardRound, Nomination, NomineeLinkRenewal, Phase
from awards.services import anonymise_nominations
from events.ical import absolute

ASK = "Opravdu? Starý odkaz přestane fungovat."


def renew_nominee_url(nomination):
    return f"/sprava/andel/nominace/{nomination.pk}/novy-odkaz/"


def nominee_page(token):
    return f"/andel/nominace/{token}/"


@pytest.fixture
def vera_informed(vera):
    """Věra was told about her nomination by e-mail (with her private link) and has not answered yet."""
    Nomination.objects.filter(pk=vera.pk).update(informed_at=timezone.now())
    vera.refresh_from_db()
    return vera


def test_staff_give_a_nominee_a_new_link_by_e_mail_and_only_the_new_one_works(
    client, staff, vera_informed, django_capture_on_commit_callbacks,
):
    vera = vera_informed
    old_token = vera.nominee_token
    assert client.get(nominee_page(old_token)).status_code == 200
    client.force_login(staff)
    assert renew_nominee_url(vera) in client.get(f"/sprava/andel/nominace/{vera.pk}/").content.decode()
    assert ASK in client.get(renew_nominee_url(vera)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(renew_nominee_url(vera), follow=True)

    vera.refresh_from_db()
    page = response.content.decode()
    assert "Věra Šimková má nový soukromý odkaz; starý už nefunguje." in page
    assert "Nový odkaz posíláme e-mailem na vera.simkova@example.org." in page
    (message,) = mail.outbox
    assert message.to == ["vera.simkova@example.org"]
    assert absolute(nominee_page(vera.nominee_token)) in message.body
    assert old_token not in message.body
    client.logout()
    assert client.get(nominee_page(old_token)).status_code == 404
    assert client.post(nominee_page(old_token), {"agrees": "yes"}).status_code == 404
    assert client.get(nominee_page(vera.nominee_token)).status_code == 200
    renewal = NomineeLinkRenewal.objects.get()
    assert (renewal.nomination, renewal.by, renewal.emailed) == (vera, staff, True)


def test_a_nominee_without_an_e_mail_gets_the_link_from_staff(
    client, staff, pavel, django_capture_on_commit_callbacks,
):
    old_token = pavel.nominee_token
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(renew_nominee_url(pavel), follow=True)

    pavel.refresh_from_db()
    page = response.content.decode()
    assert mail.outbox == []
    assert "V evidenci není e-mail, nic jsme tedy neposlali. Nový odkaz předejte sami:" in page
    assert f"http://testserver/andel/nominace/{pavel.nominee_token}/" in page and old_token not in page
    assert client.get(nominee_page(old_token)).status_code == 404


def test_a_nominee_not_told_yet_learns_nothing_until_the_nomination_is_accepted(
    client, staff, judging, nominate_directly, django_capture_on_commit_callbacks,
):
    submitted = nominate_directly(judging, "Karel Malý", status=Nomination.Status.SUBMITTED,
                                  nominee_email="karel.maly@example.org")
    old_token = submitted.nominee_token
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(renew_nominee_url(submitted), follow=True)

    assert mail.outbox == []  # the renewal does not reveal a nomination nobody has reviewed
    assert "nominovaná osoba o nominaci zatím neví" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sprava/andel/nominace/{submitted.pk}/prijmout/")
    submitted.refresh_from_db()
    (message,) = mail.outbox
    assert submitted.nominee_token in message.body and old_token not in message.body


# --- Looking is not renewing -------------------------------------------------------------------


def test_opening_the_question_changes_nothing(client, staff, vera_informed, django_capture_on_commit_callbacks):
    token = vera_informed.nominee_token
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(renew_nominee_url(vera_informed))
        assert response.status_code == 200 and ASK in response.content.decode()

    assert Nomination.objects.get().nominee_token == token
    assert not NomineeLinkRenewal.objects.exists() and mail.outbox == []


# --- Who may do it -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["stranger", "juror", "organizer_a"])
def test_only_department_staff_can_renew_a_link(client, request, persona, vera_informed,
                                                django_capture_on_commit_callbacks):
    token = vera_informed.nominee_token  # the juror judges Věra
    client.force_login(request.getfixturevalue(persona))

    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(renew_nominee_url(vera_informed)).status_code == 404
        assert client.post(renew_nominee_url(vera_informed)).status_code == 404

    assert Nomination.objects.get().nominee_token == token
    assert not NomineeLinkRenewal.objects.exists() and mail.outbox == []


def test_someone_not_signed_in_is_sent_to_sign_in_and_nothing_changes(client, vera_informed):
    token = vera_informed.nominee_token
    assert client.post(renew_nominee_url(vera_informed)).status_code == 302
    assert Nomination.objects.get().nominee_token == token
    assert not NomineeLinkRenewal.objects.exists()


# --- Nothing left to renew ---------------------------------------------------------------------


def test_an_anonymised_nomination_has_no_link_to_renew(client, staff, make_round, nominate_directly,
                                                       django_capture_on_commit_callbacks):
    award_round = make_round(2025, phase=Phase.ANNOUNCED)
    AwardRound.objects.filter(pk=award_round.pk).update(closed_at=timezone.now() - timedelta(days=400))
    karel = nominate_directly(award_round, "Karel Malý", nominee_email="karel@example.org")
    assert anonymise_nominations(before=timezone.now()) == 1
    karel.refresh_from_db()
    token = karel.nominee_token
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        question = client.get(renew_nominee_url(karel))
        answer = client.post(renew_nominee_url(karel))

    for response in (question, answer):
        assert response.status_code == 409
        assert "Tato nominace byla anonymizována; není žádný odkaz k obnovení." in response.content.decode()
    assert Nomination.objects.get().nominee_token == token
    assert not NomineeLinkRenewal.objects.exists() and mail.outbox == []


def test_the_e_mail_job_sends_nothing_once_the_nomination_is_anonymised(vera_informed):
    """A renewal queued just before the nomination was anonymised must not mail anyone."""
    Nomination.objects.filter(pk=vera_informed.pk).update(anonymised_at=timezone.now())
    assert messages.new_nominee_link(vera_informed.pk) is None
    assert mail.outbox == []
