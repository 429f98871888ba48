"""A volunteer's private link leaked (a forwarded e-mail, a shared PC): staff give them a new one.

The old link stops working at once, exactly like a link that never existed; the new one goes to
the e-mail on file, and when there is none, the staff page shows it so staff pass it on.
"""


import pytest
from django.core import mail

from events.ical import absolute
from volunteers import messages
from volunteers.models import LinkRenewal, Volunteer
from volunteers.services import sign_up, volunteer_leaves

ASK = "Opravdu? Starý odkaz přestane fungovat."


def renew_volunteer_url(volunteer):
    return f"/sprava/dobrovolnici/{volunteer.pk}/novy-odkaz/"


def my_shifts(token):
    return f"/dobrovolnik/{token}/"


# --- The volunteer -----------------------------------------------------------------------------


def test_staff_give_a_volunteer_a_new_link_and_only_the_new_one_works(
    client, staff, tomas, cloakroom, django_capture_on_commit_callbacks,
):
    sign_up(cloakroom, tomas)
    old_token = tomas.token
    assert client.get(my_shifts(old_token)).status_code == 200
    client.force_login(staff)
    volunteer_page = client.get(f"/sprava/dobrovolnici/{tomas.pk}/").content.decode()
    assert renew_volunteer_url(tomas) in volunteer_page

    question = client.get(renew_volunteer_url(tomas)).content.decode()
    assert ASK in question and "tomas.vesely@example.org" in question

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(renew_volunteer_url(tomas), follow=True)

    tomas.refresh_from_db()
    assert tomas.token != old_token
    page = response.content.decode()
    assert "Tomáš Veselý má nový soukromý odkaz; starý už nefunguje." in page
    assert "Nový odkaz posíláme e-mailem na tomas.vesely@example.org." in page
    client.logout()
    assert client.get(my_shifts(old_token)).status_code == 404
    assert client.get(my_shifts("a-token-that-never-existed")).status_code == 404
    new_page = client.get(my_shifts(tomas.token))
    assert new_page.status_code == 200 and "Šatna" in new_page.content.decode()  # the same shifts, a new door
    renewal = LinkRenewal.objects.get()
    assert (renewal.volunteer, renewal.by, renewal.emailed) == (tomas, staff, True)


def test_the_volunteer_gets_the_new_link_by_e_mail_and_never_the_old_one(
    client, staff, tomas, django_capture_on_commit_callbacks,
):
    old_token = tomas.token
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(renew_volunteer_url(tomas))
    assert mail.outbox == []  # nothing leaves before the change is committed
    for callback in callbacks:
        callback()

    tomas.refresh_from_db()
    (message,) = mail.outbox
    assert message.to == ["tomas.vesely@example.org"]
    assert absolute(my_shifts(tomas.token)) in message.body
    assert old_token not in message.body
    assert "Starý odkaz už nefunguje" in message.body


def test_a_volunteer_without_an_e_mail_gets_the_link_from_staff(
    client, staff, make_volunteer, django_capture_on_commit_callbacks,
):
    marie = make_volunteer("Marie Králová", email="", phone="+420777123456")
    old_token = marie.token
    client.force_login(staff)
    question = client.get(renew_volunteer_url(marie)).content.decode()
    assert "V evidenci není e-mail" in question

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(renew_volunteer_url(marie), follow=True)

    marie.refresh_from_db()
    page = response.content.decode()
    assert mail.outbox == []
    assert "Marie Králová má nový soukromý odkaz; starý už nefunguje." in page
    assert "V evidenci není e-mail, nic jsme tedy neposlali. Nový odkaz předejte sami:" in page
    assert f"http://testserver/dobrovolnik/{marie.token}/" in page and old_token not in page
    assert LinkRenewal.objects.get().emailed is False
    assert client.get(my_shifts(old_token)).status_code == 404


# --- Looking is not renewing -------------------------------------------------------------------


def test_opening_the_question_changes_nothing(client, staff, tomas, django_capture_on_commit_callbacks):
    token = tomas.token
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(renew_volunteer_url(tomas))
        assert response.status_code == 200 and ASK in response.content.decode()

    assert Volunteer.objects.get().token == token
    assert not LinkRenewal.objects.exists() and mail.outbox == []


# --- Who may do it -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["stranger", "juror", "organizer_a"])
def test_only_department_staff_can_renew_a_link(client, request, persona, tomas, cloakroom,
                                                django_capture_on_commit_callbacks):
    sign_up(cloakroom, tomas)  # the organizer runs the dance Tomáš helps at
    token = tomas.token
    client.force_login(request.getfixturevalue(persona))

    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(renew_volunteer_url(tomas)).status_code == 404
        assert client.post(renew_volunteer_url(tomas)).status_code == 404

    assert Volunteer.objects.get().token == token
    assert not LinkRenewal.objects.exists() and mail.outbox == []


def test_someone_not_signed_in_is_sent_to_sign_in_and_nothing_changes(client, tomas):
    token = tomas.token
    assert client.post(renew_volunteer_url(tomas)).status_code == 302
    assert Volunteer.objects.get().token == token
    assert not LinkRenewal.objects.exists()


# --- Nothing left to renew ---------------------------------------------------------------------


def test_a_volunteer_who_left_has_no_link_to_renew(client, staff, tomas, django_capture_on_commit_callbacks):
    volunteer_leaves(tomas)
    tomas.refresh_from_db()
    token = tomas.token
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        question = client.get(renew_volunteer_url(tomas))
        answer = client.post(renew_volunteer_url(tomas))

    for response in (question, answer):
        assert response.status_code == 409
        assert "Tento dobrovolník odešel; jeho údaje jsou smazané a nemá žádný odkaz k obnovení." in \
            response.content.decode()
    assert Volunteer.objects.get().token == token
    assert not LinkRenewal.objects.exists() and mail.outbox == []


def test_the_e_mail_job_sends_nothing_once_the_volunteer_has_left(tomas):
    """A renewal queued just before the volunteer left must not mail anyone."""
    volunteer_leaves(tomas)
    assert messages.new_volunteer_link(tomas.pk) is None
    assert mail.outbox == []
