"""A volunteer joins the register only with their agreement, and the time they gave it is kept.

The service (volunteers.services.add_volunteer) sets that time, not the form: the form only
parses, and cannot save a volunteer past the service.
"""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.volunteers.conftest import cs
from volunteers.forms import VolunteerForm
from volunteers.models import Volunteer
from volunteers.services import VolunteersError, add_volunteer

ANNA = {"name": "Anna Králová", "email": "", "phone": "724 555 666", "weekends": "on"}


def field_error(html, field):
    found = re.search(rf'<p class="field-error" id="id_{field}_error">([^<]*)</p>', html)
    return found and found.group(1)


def test_the_service_keeps_the_moment_of_consent(db):
    moment = timezone.make_aware(datetime(2026, 3, 2, 10, 15))
    anna = add_volunteer(name="Anna Králová", phone="724 555 666", consent=True, weekends=True, now=moment)
    assert anna.consent_at == moment and anna.weekends and anna.phone == "+420724555666"


def test_without_consent_nobody_is_kept(db):
    with pytest.raises(VolunteersError) as refused:
        add_volunteer(name="Anna Králová", phone="724 555 666", consent=False)
    assert (refused.value.code, refused.value.status, refused.value.field) == ("no_consent", 400, "consent")
    assert refused.value.message == cs("Without the volunteer's agreement their details cannot be kept.")
    assert not Volunteer.objects.exists()


def test_the_form_cannot_save_a_volunteer_past_the_service(db):
    form = VolunteerForm({**ANNA, "consent": "on"})
    assert form.is_valid()
    with pytest.raises(TypeError):
        form.save()
    assert not Volunteer.objects.exists()


def test_staff_adding_a_volunteer_give_them_the_time_of_consent(client, staff):
    client.force_login(staff)
    before = timezone.now()
    client.post("/sprava/dobrovolnici/novy/", {**ANNA, "consent": "on"})
    anna = Volunteer.objects.get()
    assert before <= anna.consent_at <= timezone.now()


def test_editing_a_volunteer_keeps_when_they_consented(client, staff, tomas):
    consented = tomas.consent_at = timezone.now() - timedelta(days=400)
    tomas.save()
    client.force_login(staff)
    client.post(f"/sprava/dobrovolnici/{tomas.pk}/", {"name": "Tomáš  Veselý\u200b", "phone": "603 111 333",
                                                       "email": "", "active": "on"})
    tomas.refresh_from_db()
    assert (tomas.name, tomas.phone, tomas.consent_at) == ("Tomáš Veselý", "+420603111333", consented)


def test_each_refusal_stands_beside_its_field(client, staff):
    client.force_login(staff)
    bad_phone = client.post("/sprava/dobrovolnici/novy/", {**ANNA, "consent": "on", "phone": "724 555"})
    assert field_error(bad_phone.content.decode(), "phone") == cs(
        "The phone number is not valid. Write nine digits, for example 777 123 456.")
    no_contact = client.post("/sprava/dobrovolnici/novy/", {**ANNA, "consent": "on", "phone": ""})
    assert field_error(no_contact.content.decode(), "email") == cs(
        "Give a phone number or an e-mail of the volunteer.")
    no_name = client.post("/sprava/dobrovolnici/novy/", {**ANNA, "consent": "on", "name": "\u200b"})
    assert field_error(no_name.content.decode(), "name") == cs("Write the name, please.")
    assert not Volunteer.objects.exists()


def test_availability_with_a_control_character_stands_beside_its_field_not_a_crash(client, staff, tomas):
    client.force_login(staff)
    message = cs("The text contains a character that cannot be written in it (a control character). "
                 "Delete it, please.")

    new = client.post("/sprava/dobrovolnici/novy/", {**ANNA, "consent": "on", "availability_note": "Úterý\x1b"})
    edited = client.post(f"/sprava/dobrovolnici/{tomas.pk}/", {**ANNA, "availability_note": "Středa\x1b"})

    assert (new.status_code, edited.status_code) == (400, 400)
    assert field_error(new.content.decode(), "availability_note") == message
    assert field_error(edited.content.decode(), "availability_note") == message
    assert list(Volunteer.objects.values_list("name", flat=True)) == [tomas.name]
