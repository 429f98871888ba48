"""The e-mails about a date that was cancelled or moved: both parts say what changed and what to do."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from events.admin_forms import OccurrenceAdminForm
from events.models import Occurrence
from events.services import cancel_occurrence

pytestmark = pytest.mark.django_db


def html_of(message):
    (html, mime), = message.alternatives
    assert mime == "text/html"
    return html


def local(moment, pattern):
    return timezone.localtime(moment).strftime(pattern)


def test_the_cancellation_says_which_date_and_where_and_leads_to_the_programme(
        dance, jana, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(dance, note="Kapela onemocněla.")
    (message,) = mail.outbox
    assert message.subject == "Zrušeno: Oldies Goldies"
    text, html = message.body, html_of(message)
    for part in (text, html):
        assert "Kapela onemocněla." in part
        assert local(dance.start, "%H:%M") in part and local(dance.end, "%H:%M") in part
        assert f"{timezone.localtime(dance.start).day}. " in part
        assert "Měšťanská beseda" in part and "Kopeckého sady 13" in part
    # "Other dates": the series' page in the programme, not the person's own page.
    programme_line = next(line for line in text.splitlines() if line.startswith("Další termíny najdete v programu"))
    assert programme_line.endswith("/akce/oldies-goldies/")
    assert jana.person.get_absolute_url() not in programme_line
    assert '/akce/oldies-goldies/" ' in html
    # A date that will not happen cannot be cancelled once more, nor is there a ticket to show.
    for part in (text, html):
        assert "Zrušte přihlášku" not in part and "/zrusit/" not in part
    assert "cid:ticket-qr" not in html


def test_the_change_says_the_old_time_the_new_one_and_the_staff_note(dance, jana, django_capture_on_commit_callbacks):
    old_start, old_end = dance.start, dance.end
    new_start, new_end = old_start + timedelta(hours=1, minutes=30), old_end + timedelta(hours=1, minutes=30)
    date = Occurrence.objects.get(pk=dance.pk)
    form = OccurrenceAdminForm({
        "start": timezone.localtime(new_start).strftime("%Y-%m-%d %H:%M"),
        "end": timezone.localtime(new_end).strftime("%Y-%m-%d %H:%M"),
        "status": "scheduled", "status_note": "Začínáme později kvůli zkoušce sboru.", "venue": "",
        "capacity": date.capacity,
    }, instance=date)
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        form.save()
    (message,) = mail.outbox
    assert message.subject == "Změna: Oldies Goldies"
    text, html = message.body, html_of(message)
    for part in (text, html):
        assert "Začínáme později kvůli zkoušce sboru." in part
        assert "Původně" in part and "Nově" in part
        before = part[part.index("Původně"):part.index("Nově")]
        after = part[part.index("Nově"):]
        assert f"{local(old_start, '%H:%M')}–{local(old_end, '%H:%M')}" in before
        assert f"{local(new_start, '%H:%M')}–{local(new_end, '%H:%M')}" in after
        assert "Zrušte přihlášku" in part  # the date still happens: cancelling frees the place
    assert "cid:ticket-qr" in html


def test_a_change_queued_before_this_version_is_still_sent_without_the_old_time(dance, jana):
    from registrations.messages import change_email

    message = change_email(jana.pk, "moved")
    assert "Původně" not in message.body and "Oldies Goldies" in message.body
