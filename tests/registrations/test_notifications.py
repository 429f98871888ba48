"""People hear about what concerns them, by e-mail, after the change is saved."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.services import cancel_occurrence
from registrations.models import Person, Registration
from registrations.services import anonymise_people, cancel, register
from registrations.tasks import send_reminders

pytestmark = pytest.mark.django_db


def sign_up(occurrence, callbacks, **fields):
    with callbacks(execute=True):
        return register(occurrence, **{"name": "Jana Nováková", "email": "jana@seznam.cz", **fields}).registration


def test_the_confirmation_carries_the_ticket_qr_and_calendar(dance, django_capture_on_commit_callbacks):
    registration = sign_up(dance, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["jana@seznam.cz"]
    assert message.subject == "Vaše vstupenka: Oldies Goldies"
    assert registration.display_code in message.body and registration.get_absolute_url() in message.body
    assert registration.person.get_absolute_url() in message.body
    html, _mime = message.alternatives[0]
    assert 'src="cid:ticket-qr"' in html
    names = [part.get_filename() for part in message.message().walk() if part.get_filename()]
    assert {"vstupenka.png", "termin.ics"} <= set(names)


def test_nothing_is_sent_before_the_registration_is_saved(dance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(dance, name="Jana", email="jana@seznam.cz")
    assert mail.outbox == [] and len(callbacks) == 1


def test_a_person_with_only_a_phone_gets_no_e_mail(dance, django_capture_on_commit_callbacks):
    sign_up(dance, django_capture_on_commit_callbacks, email="", phone="777123456")
    assert mail.outbox == []


def test_waiting_then_promoted(small_workshop, django_capture_on_commit_callbacks):
    first = sign_up(small_workshop, django_capture_on_commit_callbacks, email="a@example.cz", seats=2)
    sign_up(small_workshop, django_capture_on_commit_callbacks, email="b@example.cz")
    waiting = sign_up(small_workshop, django_capture_on_commit_callbacks, email="c@example.cz")
    assert mail.outbox[-1].subject == "Čekací listina: Šikovné ruce"
    assert "Vaše pořadí: 1." in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        cancel(first)
    assert mail.outbox[-1].to == ["c@example.cz"]
    assert mail.outbox[-1].subject == "Uvolnilo se pro vás místo: Šikovné ruce"
    assert Registration.objects.get(pk=waiting.pk).display_code in mail.outbox[-1].body


def test_a_cancelled_date_is_announced_to_everyone_registered(oldies_goldies, django_capture_on_commit_callbacks):
    dance, other = oldies_goldies.occurrences.order_by("start")[:2]
    sign_up(dance, django_capture_on_commit_callbacks, email="a@example.cz")
    sign_up(dance, django_capture_on_commit_callbacks, email="b@example.cz")
    sign_up(other, django_capture_on_commit_callbacks, email="c@example.cz")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(dance, note="Kapela onemocněla.")
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cz", "b@example.cz"]
    assert all(m.subject == "Zrušeno: Oldies Goldies" and "Kapela onemocněla." in m.body for m in mail.outbox)


def test_reminders_go_once_the_day_before(make_series, django_capture_on_commit_callbacks):
    from datetime import time

    series = make_series("Nedám se!", rule="", starts_on=timezone.localdate() + timedelta(days=1),
                         start_time=time(10, 0))
    occurrence = series.occurrences.get()
    sign_up(occurrence, django_capture_on_commit_callbacks, email="a@example.cz")
    sign_up(occurrence, django_capture_on_commit_callbacks, email="", phone="777123456")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
        assert send_reminders() == 0
    (reminder,) = mail.outbox
    assert reminder.subject == "Zítra: Nedám se!" and reminder.to == ["a@example.cz"]


def test_attendees_are_anonymised_after_their_last_date(oldies_goldies, django_capture_on_commit_callbacks):
    first, later = oldies_goldies.occurrences.order_by("start")[:2]
    early_bird = sign_up(first, django_capture_on_commit_callbacks, email="a@example.cz", needs_note="Vozík")
    both = sign_up(first, django_capture_on_commit_callbacks, email="b@example.cz")
    sign_up(later, django_capture_on_commit_callbacks, email="b@example.cz")
    old_token = early_bird.person.token
    assert anonymise_people(before=first.end + timedelta(days=1)) == 1
    gone = Person.objects.get(pk=early_bird.person_id)
    assert (gone.name, gone.email, gone.phone) == ("—", "", "") and gone.anonymised_at and gone.token != old_token
    assert Registration.objects.get(pk=early_bird.pk).needs_note == ""
    assert Person.objects.get(pk=both.person_id).email == "b@example.cz"
    first.refresh_from_db()
    assert first.registrations.count() == 2 and first.seats_taken == 2


def test_nothing_is_queued_for_a_phone_only_person(dance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(dance, name="Jana", phone="777123456")
    assert callbacks == []


def test_a_registration_cancelled_before_its_e_mail_went_gets_none(dance):
    from messaging import outbox

    registration = register(dance, name="Jana", email="jana@seznam.cz").registration  # the worker is down
    cancel(registration)
    assert outbox.deliver_due() == 0
    assert mail.outbox == []
    from messaging.models import Message

    assert list(Message.objects.values_list("kind", "status")) == [
        ("registrations.messages.registration_email", "skipped")]


def test_an_e_mail_that_failed_goes_out_on_a_later_sweep(dance, monkeypatch):
    from messaging import outbox
    from messaging.models import Message

    register(dance, name="Jana", email="jana@seznam.cz")
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send",
                        lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("SMTP down")))
    assert outbox.deliver_due() == 0
    monkeypatch.undo()
    assert outbox.deliver_due(now=timezone.now() + timedelta(minutes=2)) == 1
    assert [message.to for message in mail.outbox] == [["jana@seznam.cz"]]
    assert Message.objects.get().status == "sent"


def test_anonymising_leaves_no_name_needs_or_address_in_door_answers_outbox_or_admin_log(
    dance, staff, django_capture_on_commit_callbacks,
):
    """Everything is dumped after anonymising: none of the planted values may be found anywhere."""
    import json

    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers

    from registrations.door import check_in

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(dance, name="Zdeňka Unikátní", email="zdenka.unikatni@seznam.cz",
                                phone="604987321", needs_note="Epilepsie-Xq7").registration
    check_in(dance, code=registration.code, nonce="n-1", by=staff, now=dance.start)
    check_in(dance, code=registration.code, nonce="n-2", by=staff, now=dance.start)
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[registration.person], action_flag=CHANGE,
        change_message="Zdeňka Unikátní zmenila e-mail", single_object=True,
    )
    anonymise_people(before=dance.end + timedelta(days=1))
    dump = serializers.serialize("json", [
        *Person.objects.all(), *Registration.objects.all(), *registration.scans.all(), *LogEntry.objects.all(),
        *__import__("messaging.models", fromlist=["Message"]).Message.objects.all(),
    ])
    dump = json.dumps(json.loads(dump), ensure_ascii=False)
    for planted in ("Zdeňka", "Unikátní", "zdenka.unikatni", "604987321", "Epilepsie-Xq7"):
        assert planted not in dump, planted
    assert ContentType.objects.get_for_model(Person)


def test_a_cancelled_date_records_its_messages_with_the_cancellation(dance):
    """No broker and no commit hook between them: the messages are saved with the change or not at all."""
    from django.db import transaction

    from messaging.models import Message

    register(dance, name="Jana", email="jana@seznam.cz")
    register(dance, name="Eva", phone="777123000")  # no e-mail: staff call her
    with pytest.raises(RuntimeError), transaction.atomic():
        cancel_occurrence(dance, note="Nemoc kapely")
        assert Message.objects.filter(kind="registrations.messages.change_email").count() == 1
        raise RuntimeError("the cancellation is rolled back")
    assert not Message.objects.filter(kind="registrations.messages.change_email").exists()
    dance.refresh_from_db()
    assert not dance.is_cancelled
    cancel_occurrence(dance, note="Nemoc kapely")
    assert Message.objects.get(kind="registrations.messages.change_email").args == ["cancelled"]
