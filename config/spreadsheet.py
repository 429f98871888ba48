"""Cells of the CSV files staff open in Excel: every app's exports write them the same way."""

import csv
import re
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A phone number as people write it: an optional leading +, then 9 to 15 digits in groups split by
# single spaces. Nothing in it can be a formula that does harm.
PLAIN_PHONE = re.compile(r"\+?(?=(?: ?\d){9,15}$)\d+(?: \d+)*")


def safe_cell(value):
    """Text a spreadsheet shows as text: names come from public forms, and Excel runs '=…' as a formula.

    A value that is plainly a phone number (+420 777 123 456) holds no formula and is left as it
    is: staff dial it from the sheet, and an apostrophe in front of it would only be in the way.
    """
    text = "" if value is None else str(value)
    if not text.startswith(FORMULA_STARTS) or PLAIN_PHONE.fullmatch(text):
        return text
    return "'" + text


def csv_response(filename):
    """A CSV download as Czech Excel opens it: UTF-8 with a BOM, ';' between columns. Returns (response, writer)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, csv.writer(response, delimiter=";")


def excel_number(value):
    """Two decimals with a decimal comma, as Czech Excel reads numbers; empty for no value."""
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",")
