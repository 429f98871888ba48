"""The date's list for Excel: phone numbers come out as people dial them, formulas stay harmless."""

import csv
import io

import pytest

from config.spreadsheet import safe_cell as _cell
from registrations.services import register

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = response.content.decode("utf-8")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("phone", ["+420 777 123 456", "+420777123456", "777123456", "777 123 456"])
def test_a_plain_phone_number_gets_no_apostrophe(phone):
    assert _cell(phone) == phone


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://zle.example")', "+1+2", "-2+3", "@SUM(A1)", "+420 777 123 456+1", "+cmd|' /C calc'!A0",
    "+1 23",
])
def test_a_formula_in_any_other_text_stays_guarded(text):
    assert _cell(text) == "'" + text


def test_staff_export_the_phone_as_it_is_dialled_and_a_formula_name_as_text(client, staff, dance):
    register(dance, name="Božena Velká", phone="777 123 456")
    register(dance, name='=HYPERLINK("http://zle.example")', phone="+420 601 000 001")
    client.force_login(staff)
    _header, *rows = read_csv(client.get(f"/sprava/termin/{dance.pk}/export.csv"))
    by_phone = {row[3]: row for row in rows}
    assert set(by_phone) == {"+420 777 123 456", "+420 601 000 001"}
    assert by_phone["+420 601 000 001"][2] == '\'=HYPERLINK("http://zle.example")'
