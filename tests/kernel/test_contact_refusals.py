"""Each contact refusal says what is wrong (code, Czech words) and stands beside the field to correct."""

import pytest

from kernel.contacts import MAX_EMAIL, MAX_NAME, ContactRules, has_impossible_character, name_key, same_contact
from kernel.refusals import Refusal
from registrations.models import Person

rules = ContactRules()
MISSING = "Napište telefon nebo e-mail."


def refusal_of(call, *args, **kwargs):
    with pytest.raises(Refusal) as raised:
        call(*args, **kwargs)
    return raised.value


def test_a_name_without_a_letter_is_refused_with_its_code_beside_its_field():
    refusal = refusal_of(rules.name, "123", field="nominee_name", code="invalid_nominee")

    assert (refusal.code, refusal.field) == ("invalid_nominee", "nominee_name")
    assert refusal_of(rules.name, "   ").field == "name"


def test_a_name_of_exactly_the_longest_length_is_kept_and_one_letter_more_refused_beside_its_field():
    assert rules.name("a" * MAX_NAME) == "a" * MAX_NAME

    refusal = refusal_of(rules.name, "a" * (MAX_NAME + 1), field="nominee_name", code="invalid_nominee")
    assert (refusal.code, refusal.field) == ("invalid_nominee", "nominee_name")


def test_neither_phone_nor_email_is_refused_beside_the_field_the_form_names():
    refusal = refusal_of(rules.phone_and_email, "", " ", missing_message=MISSING)

    assert (refusal.code, refusal.message, refusal.field) == ("missing_contact", MISSING, "phone")
    assert refusal_of(rules.phone_and_email, "", "", missing_message=MISSING, missing_field="email").field == "email"


@pytest.mark.parametrize(("email", "phone", "kept"), [
    ("Jana@Seznam.CZ", "", ("Jana@seznam.cz", "")),
    ("", "603 123 456", ("", "+420603123456")),
    ("jana@seznam.cz", "603123456", ("jana@seznam.cz", "+420603123456")),
])
def test_one_contact_is_enough_and_both_are_written_down_one_way(email, phone, kept):
    assert rules.phone_and_email(email, phone, missing_message=MISSING) == kept


def test_an_address_of_the_longest_length_is_kept_and_one_character_more_refused():
    domain = "@" + "d" * 60 + "." + "e" * 60 + "." + "f" * 60 + ".cz"
    longest = "j" * (MAX_EMAIL - len(domain)) + domain
    assert len(longest) == MAX_EMAIL

    assert rules.email(longest) == longest
    refusal = refusal_of(rules.email, "j" + longest, field="nominee_email")
    assert (refusal.code, refusal.field) == ("invalid_email", "nominee_email")


def test_nothing_typed_has_no_impossible_character_and_no_name_key():
    assert has_impossible_character(None) is False
    assert has_impossible_character("") is False
    assert name_key(None) == ""
    assert name_key("  Jana   NOVÁKOVÁ ") == "jana novakova"


@pytest.mark.django_db
def test_the_same_contact_is_this_phone_or_this_email_and_nothing_when_both_are_empty():
    jana = Person.objects.create(name="Jana", email="jana@seznam.cz", phone="+420603123456")
    petr = Person.objects.create(name="Petr", email="petr@seznam.cz", phone="+420777000111")

    def found(email, phone):
        return set(Person.objects.filter(same_contact(email, phone)))

    assert found("", "") == set()
    assert found("", "+420603123456") == {jana}
    assert found("JANA@seznam.cz", "") == {jana}
    assert found("jana@seznam.cz", "+420777000111") == {jana, petr}


def test_only_the_domain_after_the_last_at_sign_is_written_in_small_letters():
    # A quoted local part may hold an @; the server may tell its capitals apart, so they stay.
    assert rules.email('"jana@Doma"@Seznam.CZ') == '"jana@Doma"@seznam.cz'
