"""Every e-mail the site sends says how to reach the department — its name, address, phone and
hours — in every part it has (the plain text and the HTML), whatever the e-mail is about."""

import html
import importlib
import inspect
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from awards.models import AwardRound, Category, Nomination, Phase, Story
from kernel.contacts import name_key
from registrations.models import DateMessage, Registration
from registrations.services import register
from volunteers.models import Shift, Volunteer

pytestmark = pytest.mark.django_db

# The modules whose functions the outbox calls to build an e-mail (messaging.outbox.queue's `kind`).
MESSAGE_MODULES = ("registrations.messages", "volunteers.messages", "awards.messages", "accounts.messages")


@pytest.fixture(autouse=True)
def department(settings):
    settings.SPOLU_DEPARTMENT_PHONE = "378 033 351"


def registered(occurrence, name="Jana Nováková", email="jana@seznam.cz", **extra):
    return register(occurrence, name=name, email=email, **extra).registration


@pytest.fixture
def award_round(db):
    today = timezone.localdate()
    award_round = AwardRound.objects.create(
        year=2026, phase=Phase.JUDGING, nominations_open_on=today - timedelta(days=30),
        nominations_close_on=today - timedelta(days=5), judging_closes_on=today + timedelta(days=10),
        announce_on=today + timedelta(days=20),
    )
    Category.objects.create(round=award_round, name="Mladý dobrovolník", position=0)
    return award_round


@pytest.fixture
def nomination(award_round):
    nomination = Nomination.objects.create(
        round=award_round, category=award_round.categories.get(), nominee_name="Věra Šimková",
        name_key=name_key("Věra Šimková"), nominee_email="vera.simkova@example.org",
        status=Nomination.Status.ACCEPTED, informed_at=timezone.now(),
    )
    Story.objects.create(nomination=nomination, text="Předčítá klientům domova.", nominator_name="Jana Dvořáková",
                         nominator_email="jana.dvorakova@example.org", consent_at=timezone.now())
    return nomination


@pytest.fixture
def assignment(dance, staff):
    volunteer = Volunteer.objects.create(name="Tomáš Veselý", email="tomas.vesely@example.org",
                                         consent_at=timezone.now())
    shift = Shift.objects.create(occurrence=dance, role="Šatna", starts_at=dance.start - timedelta(minutes=30),
                                 ends_at=dance.end, places_needed=2, created_by=staff)
    return shift.assignments.create(volunteer=volunteer, status="asked", asked_by=staff)


@pytest.fixture
def every_email(dance, small_workshop, staff, nomination, assignment):
    """{kind: the e-mail it builds}, built the way the worker builds them, from ids."""
    from accounts import messages as accounts
    from awards import messages as awards
    from registrations import messages as registrations
    from volunteers import messages as volunteers

    confirmed = registered(dance)
    registered(small_workshop, name="Eva Malá", email="eva@seznam.cz", seats=2)
    registered(small_workshop, name="Petr Malý", email="petr@seznam.cz")
    waiting = registered(small_workshop, name="Marie Svobodová", email="marie@seznam.cz")
    assert waiting.is_waitlisted
    message = DateMessage.objects.create(occurrence=dance, subject="Začínáme v 19:00", text="Tentokrát o hodinu "
                                         "později.", sent_by=staff, submission="klic-1")
    staff.email = "jana.novakova@plzen.eu"
    staff.save()
    before = {"start": (dance.start - timedelta(hours=1)).isoformat(), "end": (dance.end - timedelta(hours=1))
              .isoformat()}
    return {
        "registrations.messages.registration_email": registrations.registration_email(confirmed.pk),
        "registrations.messages.registration_email (waiting list)": registrations.registration_email(waiting.pk),
        # The promotion is built for a registration confirmed by then.
        "registrations.messages.promotion_email": registrations.promotion_email(confirmed.pk),
        "registrations.messages.reminder_email": registrations.reminder_email(confirmed.pk),
        "registrations.messages.change_email": registrations.change_email(confirmed.pk, "moved", before),
        "registrations.messages.change_email (cancelled)": registrations.change_email(confirmed.pk, "cancelled"),
        "registrations.messages.new_address_email": registrations.new_address_email(confirmed.person.pk),
        "registrations.messages.date_message_email": registrations.date_message_email(confirmed.pk, message.pk),
        "accounts.messages.password_reset": accounts.password_reset(staff.pk),
        "awards.messages.nomination_thanks": awards.nomination_thanks(nomination.stories.get().pk),
        "awards.messages.nominee_information": awards.nominee_information(nomination.pk),
        "awards.messages.new_nominee_link": awards.new_nominee_link(nomination.pk),
        "volunteers.messages.shift_request": volunteers.shift_request(assignment.pk),
        "volunteers.messages.shift_reminder": volunteers.shift_reminder(assignment.pk),
        "volunteers.messages.new_volunteer_link": volunteers.new_volunteer_link(assignment.volunteer.pk),
    }


def parts(message):
    """The plain text and every alternative (the HTML), as (kind, the words a reader sees, the raw part)."""
    alternatives = [(mime, html.unescape(strip_tags(content)), content)
                    for content, mime in getattr(message, "alternatives", [])]
    return [("text/plain", message.body, message.body), *alternatives]


def test_every_kind_of_e_mail_is_in_the_list_checked_below():
    kinds = {
        f"{module}.{name}" for module in MESSAGE_MODULES
        for name, function in inspect.getmembers(importlib.import_module(module), inspect.isfunction)
        if function.__module__ == module and not name.startswith("_")
    }
    checked = {kind.split(" (")[0] for kind in inspect.getsource(every_email.__wrapped__).split('"')
               if kind.count(".") == 2 and kind.split(".")[1] == "messages"}
    assert kinds == checked


def test_every_e_mail_gives_the_departments_name_address_phone_and_hours_in_every_part(every_email):
    for kind, message in every_email.items():
        assert message is not None, kind
        for part, content, _raw in parts(message):
            assert "Odbor sociálních služeb Magistrátu města Plzně" in content, (kind, part)
            assert "Martinská 2, 301 00 Plzeň" in content, (kind, part)
            assert "378 033 351 (po–pá 8–15)" in content, (kind, part)
            assert "socialnisluzby@plzen.eu" in content, (kind, part)


def test_the_html_part_gives_the_number_as_a_link_a_phone_dials(every_email):
    with_html = {kind: message for kind, message in every_email.items() if len(parts(message)) > 1}
    assert {kind.split(" (")[0] for kind in with_html} >= {
        "registrations.messages.registration_email", "registrations.messages.promotion_email",
        "registrations.messages.reminder_email", "registrations.messages.change_email",
        "registrations.messages.date_message_email",
    }
    for kind, message in with_html.items():
        (_text, (_mime, _words, raw)) = parts(message)
        assert 'href="tel:+420378033351"' in raw, kind


def test_the_cancellation_gives_the_number_in_its_plain_text_although_it_offers_no_cancel_link(every_email):
    message = every_email["registrations.messages.change_email (cancelled)"]
    assert "tel. 378 033 351 (po–pá 8–15)" in message.body
    assert "/zrusit/" not in message.body


def test_one_setting_changes_the_number_in_every_e_mail(every_email, settings):
    # The e-mails above were built with the default; a new number is used by the next e-mail built.
    from registrations import messages

    settings.SPOLU_DEPARTMENT_PHONE = "+420 377 111 222"
    message = messages.registration_email(Registration.objects.filter(person__email="jana@seznam.cz").first().pk)
    assert all("+420 377 111 222" in words and "378 033 351" not in words for _part, words, _raw in parts(message))
