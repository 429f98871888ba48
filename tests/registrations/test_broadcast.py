"""Message everyone on a date: e-mail to those with one, a call list for those with only a phone,
and the date's history of who wrote what to how many."""

import pytest
from django.core import mail
from django.db import transaction

from messaging.models import Message
from registrations import broadcast
from registrations.models import DateMessage, DateMessageCall
from registrations.services import RegistrationError, register
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def write_url(occurrence):
    return f"/sprava/termin/{occurrence.pk}/zprava/"


@pytest.fixture
def evening(small_workshop):
    """Šikovné ruce: Jana (e-mail) and Eva (only a phone) confirmed, Karel (e-mail) and Olga (phone) waiting."""
    people = {
        "jana": register(small_workshop, name="Jana Malá", email="jana@seznam.cz", seats=2).registration,
        "eva": register(small_workshop, name="Eva Svobodová", phone="777 123 456").registration,
        "karel": register(small_workshop, name="Karel Dvořák", email="karel@email.cz").registration,
        "olga": register(small_workshop, name="Olga Černá", phone="601 222 333").registration,
    }
    assert people["karel"].is_waitlisted and people["olga"].is_waitlisted
    mail.outbox.clear()
    return people


def send(client, occurrence, *, submission="klic-1", audience="registered", subject="Změna místnosti",
         text="Sejdeme se ve velkém sále v přízemí.", callbacks=None):
    data = {"audience": audience, "subject": subject, "text": text, "submission": submission}
    if callbacks is None:
        return client.post(write_url(occurrence), data)
    with callbacks(execute=True):
        return client.post(write_url(occurrence), data)


def test_staff_write_to_everyone_registered_by_e_mail_and_get_a_call_list_for_the_others(
        client, staff, small_workshop, evening, django_capture_on_commit_callbacks):
    client.force_login(staff)
    form = client.get(write_url(small_workshop))
    assert form.status_code == 200
    assert "1 e-mail, 1 k volání" in form.content.decode()  # what "registered" reaches, before sending
    response = send(client, small_workshop, callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["jana@seznam.cz"]
    assert email.subject == "Změna místnosti (Šikovné ruce)"
    html, _mime = email.alternatives[0]
    for part in (email.body, html):
        assert "Sejdeme se ve velkém sále v přízemí." in part and "Měšťanská beseda" in part
    page = client.get(response["Location"]).content.decode()
    assert "Eva Svobodová" in page and "+420 777 123 456" in page and 'href="tel:+420777123456"' in page
    assert "Karel" not in page and "Olga" not in page  # waiting: not chosen this time
    assert "Zpráva je na cestě na 1 e-mailovou adresu." in page


def test_the_waiting_list_alone_can_be_written_to(client, staff, small_workshop, evening,
                                                  django_capture_on_commit_callbacks):
    client.force_login(staff)
    send(client, small_workshop, audience="waiting", callbacks=django_capture_on_commit_callbacks)
    assert [email.to for email in mail.outbox] == [["karel@email.cz"]]
    message = DateMessage.objects.get()
    assert [call.registration.person.name for call in message.calls.all()] == ["Olga Černá"]


def test_registered_and_waiting_together(client, staff, small_workshop, evening, django_capture_on_commit_callbacks):
    client.force_login(staff)
    send(client, small_workshop, audience="both", callbacks=django_capture_on_commit_callbacks)
    assert sorted(email.to[0] for email in mail.outbox) == ["jana@seznam.cz", "karel@email.cz"]
    assert DateMessageCall.objects.count() == 2


def test_a_second_press_of_send_sends_nothing_more(client, staff, small_workshop, evening,
                                                    django_capture_on_commit_callbacks):
    client.force_login(staff)
    first = send(client, small_workshop, callbacks=django_capture_on_commit_callbacks)
    again = send(client, small_workshop, callbacks=django_capture_on_commit_callbacks)
    assert first["Location"] == again["Location"]
    assert len(mail.outbox) == 1
    assert DateMessage.objects.count() == 1 and DateMessageCall.objects.count() == 1
    assert Message.objects.filter(kind=broadcast.EMAIL_KIND).count() == 1
    page = client.get(again["Location"]).content.decode()
    assert "Tato zpráva už byla odeslána; znovu se nic neposlalo." in page


def test_the_history_on_the_date_page_says_who_sent_what_to_how_many(client, staff, small_workshop, evening,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(staff)
    send(client, small_workshop, text="Vezměte si s sebou nůžky a lepidlo.",
         callbacks=django_capture_on_commit_callbacks)
    page = client.get(f"/sprava/termin/{small_workshop.pk}/").content.decode()
    history = page[page.index("Zprávy odeslané k tomuto termínu"):]
    assert "Změna místnosti" in history and "Jana Nováková" in history  # of the staff: she sent it
    assert "Vezměte si s sebou nůžky a lepidlo." in history
    assert "1 e-mail" in history and "voláno 0 z 1" in history


def test_a_call_is_ticked_off_with_who_called_and_when(client, staff, small_workshop, evening,
                                                        django_capture_on_commit_callbacks):
    client.force_login(staff)
    detail = send(client, small_workshop, callbacks=django_capture_on_commit_callbacks)["Location"]
    call = DateMessageCall.objects.get()
    response = client.post(f"{detail}volano/{call.pk}/", {"called": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#volani-{call.pk}")
    call.refresh_from_db()
    assert call.called_by == staff and call.called_at is not None
    page = client.get(detail).content.decode()
    assert "voláno" in page and "(Jana Nováková)" in page and "Vrátit odškrtnutí: Eva Svobodová" in page
    client.post(f"{detail}volano/{call.pk}/", {"called": "0"})
    call.refresh_from_db()
    assert call.called_at is None and call.called_by is None


def test_an_empty_text_is_refused_in_czech_and_nothing_is_sent(client, staff, small_workshop, evening):
    client.force_login(staff)
    response = send(client, small_workshop, text="   ")
    assert response.status_code == 400
    assert "Napište text zprávy." in response.content.decode()
    response = send(client, small_workshop, subject="")
    assert response.status_code == 400 and "Napište předmět zprávy." in response.content.decode()
    assert not DateMessage.objects.exists() and not Message.objects.filter(kind=broadcast.EMAIL_KIND).exists()


def test_an_organizer_writes_to_their_own_dates_only(client, organizer_a, organizer_b, dance,
                                                      django_capture_on_commit_callbacks):
    register(dance, name="Jana Nováková", email="jana@seznam.cz")
    mail.outbox.clear()
    client.force_login(organizer_b)
    assert client.get(write_url(dance)).status_code == 404
    assert send(client, dance, callbacks=django_capture_on_commit_callbacks).status_code == 404
    assert mail.outbox == [] and not DateMessage.objects.exists()
    client.force_login(organizer_a)
    assert send(client, dance, callbacks=django_capture_on_commit_callbacks).status_code == 302
    assert [email.to for email in mail.outbox] == [["jana@seznam.cz"]]
    message = DateMessage.objects.get()
    client.force_login(organizer_b)
    assert client.get(f"/sprava/termin/{dance.pk}/zprava/{message.pk}/").status_code == 404


def test_the_message_its_e_mails_and_its_calls_are_saved_together_or_not_at_all(staff, small_workshop, evening):
    with pytest.raises(RuntimeError), transaction.atomic():
        broadcast.send_to_date(small_workshop, subject="Změna", text="Text", audience="both", by=staff,
                               submission="k")
        assert Message.objects.filter(kind=broadcast.EMAIL_KIND).count() == 2
        raise RuntimeError("rolled back")
    assert not DateMessage.objects.exists() and not DateMessageCall.objects.exists()
    assert not Message.objects.filter(kind=broadcast.EMAIL_KIND).exists()


def test_someone_who_cancelled_before_the_e_mail_left_does_not_get_it(staff, small_workshop, evening):
    from messaging.outbox import deliver
    from registrations.services import cancel

    with transaction.atomic():
        broadcast.send_to_date(small_workshop, subject="Změna", text="Text", audience="registered", by=staff,
                               submission="k")
    cancel(evening["jana"])
    mail.outbox.clear()
    queued = Message.objects.get(kind=broadcast.EMAIL_KIND)
    assert deliver(queued.pk) == "skipped" and mail.outbox == []


def test_the_service_refuses_an_empty_message_with_a_readable_reason(staff, small_workshop):
    with pytest.raises(RegistrationError) as refusal:
        broadcast.send_to_date(small_workshop, subject="Změna", text="", audience="both", by=staff, submission="k")
    assert refusal.value.status == 400 and refusal.value.code == "empty_text"


def test_the_date_page_and_a_message_page_cost_the_same_queries_for_one_and_many(client, staff, dance):
    client.force_login(staff)
    register(dance, name="Eva Svobodová", phone="777123456")
    first = broadcast.send_to_date(dance, subject="První", text="Text", audience="both", by=staff,
                                   submission="k-0").message
    date_with_one = count_queries(client, f"/sprava/termin/{dance.pk}/")
    message_with_one = count_queries(client, f"/sprava/termin/{dance.pk}/zprava/{first.pk}/")
    for index in range(1, 8):
        register(dance, name=f"Host {index}", phone=f"60100000{index}")
    for index in range(1, 6):
        last = broadcast.send_to_date(dance, subject=f"Zpráva {index}", text="Text", audience="both", by=staff,
                                      submission=f"k-{index}").message
    assert last.calls.count() == 8
    assert count_queries(client, f"/sprava/termin/{dance.pk}/") == date_with_one
    assert count_queries(client, f"/sprava/termin/{dance.pk}/zprava/{last.pk}/") == message_with_one
