"""The contact rules every door shares: what people type becomes the same name, phone and e-mail.

Copied text brings characters nobody sees (from Word, a PDF, WhatsApp); a person typing the same
number twice writes it differently. Before kernel.contacts the registration and the volunteer
register each had a copy of these rules, and they disagreed on exactly such input.
"""

import pytest
from django.utils import translation

from drives.services import DrivesError, clean_text
from kernel.contacts import ContactRules, name_key
from kernel.refusals import Refusal
from registrations.models import Person
from registrations.services import RegistrationError, register
from volunteers.services import VolunteersError, add_volunteer

rules = ContactRules()

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
}
IMPOSSIBLE = {"NUL": "\x00", "escape": "\x1b", "delete": "\x7f", "lone surrogate": "\ud800"}


def czech(refusal):
    with translation.override("cs"):
        return str(refusal.value.message)


# --- Invisible characters are dropped, impossible ones refused ---------------------------------


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_is_dropped_from_every_contact(char):
    assert rules.name(f"Jana{char} Nová{char}ková") == "Jana Nováková"
    assert rules.phone(f"603{char} 123{char}456") == "+420603123456"
    assert rules.email(f"{char}jana@seznam.cz{char}") == "jana@seznam.cz"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\t", "\n"], ids=["NBSP", "narrow NBSP",
                                                                                   "figure space", "tab", "newline"])
def test_unusual_spaces_are_one_plain_space_and_the_ends_are_trimmed(space):
    assert rules.name(f"{space} Jana{space}{space}Nováková {space}") == "Jana Nováková"
    assert rules.phone(f"603{space}123{space}456") == "+420603123456"


@pytest.mark.parametrize("char", IMPOSSIBLE.values(), ids=IMPOSSIBLE.keys())
def test_an_impossible_character_is_refused_not_dropped(char):
    with pytest.raises(Refusal) as name:
        rules.name(f"Jana{char}Nováková")
    assert name.value.code == "invalid_name" and name.value.field == "name"
    assert czech(name) == "Jméno obsahuje znak, který do jména nepatří. Zkontrolujte ho, prosím."
    with pytest.raises(Refusal) as phone:
        rules.phone(f"603123456{char}")
    assert phone.value.code == "invalid_phone" and phone.value.field == "phone"
    with pytest.raises(Refusal) as email:
        rules.email(f"jana@seznam.cz{char}")
    assert email.value.code == "invalid_email" and email.value.field == "email"


def test_a_name_written_with_combining_accents_is_the_same_name():
    assert rules.name("Jana Nova\u0301kova\u0301") == "Jana Nováková"


def test_a_name_of_invisible_characters_or_digits_only_is_no_name():
    for text in ["\u200b\u00ad", "   ", "123"]:
        with pytest.raises(Refusal) as refused:
            rules.name(text)
        assert czech(refused) == "Napište prosím své jméno."


def test_a_too_long_name_is_refused():
    assert rules.name("J" * 150) == "J" * 150
    with pytest.raises(Refusal) as refused:
        rules.name("J" * 151)
    assert czech(refused) == "Jméno je příliš dlouhé."


# --- Phones --------------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "603 123 456", "603123456", "+420603123456", "+420 603 123 456", "00420 603 123 456", "00420603123456",
    "603-123-456", "603.123.456", "603/123 456", "(+420) 603 123 456", "+420-603-123-456",
])
def test_a_czech_number_in_any_written_form_is_one_number(written):
    assert rules.phone(written) == "+420603123456"


@pytest.mark.parametrize(("written", "kept"), [
    ("+49 30 1234567", "+49301234567"), ("0044 20 7946 0958", "+442079460958"),
    ("(+380) 67 123 4567", "+380671234567"), ("+421 903 123 456", "+421903123456"),
])
def test_a_foreign_number_keeps_its_country_code(written, kept):
    assert rules.phone(written) == kept


@pytest.mark.parametrize("written", [
    "603 123 45", "60312345", "603 123 4567", "+420 603 123", "+49 123", "103 123 456", "603 123 abc",
    "٦٠٣١٢٣٤٥٦", "６０３１２３４５６",
    "6٠٣١٢٣٤٥٦",  # both former copies stored this one: their \d took other scripts' digits after the first
])
def test_a_number_that_cannot_be_called_is_refused_in_czech(written):
    with pytest.raises(Refusal) as refused:
        rules.phone(written)
    assert refused.value.code == "invalid_phone" and refused.value.status == 400
    assert czech(refused) == "Telefonní číslo není platné. Napište devět číslic, například 777 123 456."


def test_no_phone_is_no_phone():
    assert rules.phone("") == rules.phone(None) == rules.phone(" \u200b ") == ""


# --- E-mails -------------------------------------------------------------------------------


def test_an_e_mail_is_trimmed_and_its_domain_written_small():
    # The part before @ is the mail server's to compare; the domain never depends on case.
    assert rules.email("  Jana.Novakova@Seznam.CZ \n") == "Jana.Novakova@seznam.cz"


@pytest.mark.parametrize("written", ["jana", "jana@", "jana@seznam", "jana nova@seznam.cz", "a" * 250 + "@b.cz"])
def test_an_e_mail_that_cannot_be_delivered_is_refused_in_czech(written):
    with pytest.raises(Refusal) as refused:
        rules.email(written)
    assert refused.value.code == "invalid_email"
    assert czech(refused) == "E-mailová adresa není platná. Zkontrolujte ji, například jana@seznam.cz."


def test_no_e_mail_is_no_e_mail():
    assert rules.email("") == rules.email(None) == rules.email("\ufeff") == ""


# --- Same person, same contact -------------------------------------------------------------


def test_the_same_name_however_written_has_one_key():
    assert name_key("Jana Nováková") == name_key("JANA  NOVAKOVA") == name_key("jana\u200b nováková")


def test_a_refusal_comes_as_the_apps_own_class_with_the_field_to_correct():
    with pytest.raises(VolunteersError) as refused:
        ContactRules(VolunteersError).phone("12", field="nominee_phone")
    assert refused.value.field == "nominee_phone"


# --- The two doors agree ---------------------------------------------------------------------

# A volunteer's details pasted from a chat app: NBSPs, a zero-width space and a soft hyphen.
TRICKY = {
    "name": "\u00a0Jana\u200b Nová\u00adková ",
    "email": " Jana.Novakova@Seznam.CZ\u200b",
    "phone": "00420\u00a0603\u200b123\u00a0456",
}
AS_KEPT = {"name": "Jana Nováková", "email": "Jana.Novakova@seznam.cz", "phone": "+420603123456"}


def test_the_registration_door_keeps_the_tricky_contact_as_the_rules_say(dance):
    # Its former copy refused the zero-width space in the phone.
    register(dance, **TRICKY)
    person = Person.objects.get()
    assert {"name": person.name, "email": person.email, "phone": person.phone} == AS_KEPT


def test_the_volunteer_door_keeps_the_same_tricky_contact_the_same_way(db):
    # Its former copy kept the invisible characters in the name.
    volunteer = add_volunteer(**TRICKY, consent=True)
    assert {"name": volunteer.name, "email": volunteer.email, "phone": volunteer.phone} == AS_KEPT


def test_both_doors_refuse_a_nul_in_the_name(dance):
    # The registration's former copy kept it (and PostgreSQL then refuses the row: a 500).
    with pytest.raises(RegistrationError) as at_registration:
        register(dance, name="Jana\x00Nováková", phone="603123456")
    with pytest.raises(VolunteersError) as at_volunteers:
        add_volunteer(name="Jana\x00Nováková", phone="603123456", consent=True)
    assert at_registration.value.code == at_volunteers.value.code == "invalid_name"
    assert czech(at_registration) == czech(at_volunteers)
    assert not Person.objects.exists()


def test_a_drives_free_text_is_cleaned_the_same_way():
    # drives.services.clean_text had a third copy: it refused NUL but kept invisible characters.
    assert clean_text(TRICKY["name"], limit=150, field_name="Jméno") == AS_KEPT["name"]
    with pytest.raises(DrivesError) as refused:
        clean_text("Jana\x00", limit=150, field_name="Jméno")
    assert refused.value.code == "invalid_text"
