"""A forgotten password: a link by e-mail sets a new one; the page never tells who has an account."""

import re

import pytest
from django.core import mail

from .conftest import cs, sign_in, signed_in_user

pytestmark = pytest.mark.django_db

RESET = "/prihlaseni/zapomenute-heslo/"
SENT = "/prihlaseni/zapomenute-heslo/odeslano/"


@pytest.fixture
def juror_with_email(juror_of_this_year):
    juror_of_this_year.email = "marie.svobodova@example.org"
    juror_of_this_year.save()
    return juror_of_this_year


def ask_for_link(client, email, callbacks):
    with callbacks(execute=True):
        return client.post(RESET, {"email": email})


def link_in(message):
    return re.search(r"http://\S+/prihlaseni/nove-heslo/\S+/", message.body).group(0)


def test_the_link_comes_by_e_mail_in_czech_and_sets_a_new_password(client, juror_with_email,
                                                                   django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://spolu.plzen.example"
    response = ask_for_link(client, "Marie.Svobodova@example.org", django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == SENT
    [message] = mail.outbox
    assert message.to == ["marie.svobodova@example.org"]
    assert message.subject == "Nové heslo pro Spolu"
    assert "porotkyne" in message.body and "Dobrý den," in message.body
    link = re.search(r"https://spolu\.plzen\.example(/prihlaseni/nove-heslo/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert cs("Set a new password") in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Modra-konvice-42",
                                                    "new_password2": "Modra-konvice-42"})
    assert done["Location"] == "/prihlaseni/nove-heslo/hotovo/"

    assert sign_in(client, "porotkyne", "heslo-pro-testy").status_code == 200
    assert sign_in(client, "porotkyne", "Modra-konvice-42")["Location"] == "/porota/"
    assert signed_in_user(client) == juror_with_email


def test_the_link_works_once(client, juror_with_email, django_capture_on_commit_callbacks):
    ask_for_link(client, "marie.svobodova@example.org", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0]).split("testserver", 1)[-1]
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "Modra-konvice-42", "new_password2": "Modra-konvice-42"})

    again = client.get(link, follow=True)

    assert cs("This link does not work any more: it was already used, or it is too old. Ask for a new one.") \
        in again.content.decode()


def test_an_unknown_e_mail_gets_the_same_answer_and_no_e_mail(client, juror_with_email,
                                                              django_capture_on_commit_callbacks):
    known = ask_for_link(client, "marie.svobodova@example.org", django_capture_on_commit_callbacks)
    unknown = ask_for_link(client, "nikdo@example.org", django_capture_on_commit_callbacks)

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    sent_page = client.get(SENT).content.decode()
    assert "Pokud k tomuto e-mailu patří účet" in sent_page


def test_a_mistyped_address_is_explained_at_the_field(client):
    response = client.post(RESET, {"email": "marie.svobodova"})

    assert response.status_code == 200
    assert cs("This does not look like an e-mail address. Check it, please.") in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_does_not_break_the_page(client, juror_with_email, settings, caplog):
    # A real transaction, so the e-mail is handed on while the request runs, as on a live site;
    # the tests run tasks in-process, so the failing server is met inside the request.
    settings.EMAIL_BACKEND = "tests.accounts.test_password_reset.BrokenMailServer"
    BrokenMailServer.tried = 0

    response = client.post(RESET, {"email": "marie.svobodova@example.org"})

    assert response.status_code == 302 and response["Location"] == SENT
    assert BrokenMailServer.tried == 1
    # The failure is logged and the e-mail waits in the outbox for the next attempt.
    from messaging.models import Message

    waiting = Message.objects.get(kind="accounts.messages.password_reset")
    assert waiting.status == "pending" and "failed on attempt 1" in caplog.text


def test_the_e_mail_waits_for_the_worker_not_the_page(client, juror_with_email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(RESET, {"email": "marie.svobodova@example.org"})

    assert mail.outbox == [] and len(callbacks) == 1


class BrokenMailServer:
    """An e-mail backend whose server is down."""

    tried = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        BrokenMailServer.tried += 1
        raise ConnectionRefusedError("the mail server is down")
