"""When someone answers the department's phone, written in the page's language.

The setting (SPOLU_DEPARTMENT_HOURS) is written as the office says it, in Czech or English day
names: "po–pá 8–15", "po–čt 8–17; pá 8–14:30", "mon-fri 8-15". Read as days and times, it is
shown as "po–pá 8–15" on a Czech page and "Mon–Fri 8 a.m.–3 p.m." on an English one. Text in
another form is shown as written.
"""

import re
import unicodedata
from datetime import time

from django.utils import dateformat
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import pgettext

DAYS = {name: number for number, names in enumerate([
    ("po", "mon"), ("ut", "tue"), ("st", "wed"), ("ct", "thu"), ("pa", "fri"), ("so", "sat"), ("ne", "sun"),
]) for name in names}
DASH = r"\s*-\s*"
CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?"
DAY = r"([a-z]{2,3})"
GROUP = re.compile(rf"(?P<days>{DAY}(?:{DASH}{DAY})?(?:\s*,\s*{DAY}(?:{DASH}{DAY})?)*)\s+{CLOCK}{DASH}{CLOCK}")


def _plain(text):
    """'Po–Pá' → 'po-pa': day names without accents, any dash a hyphen."""
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def parse(text):
    """[(((first, last), …), opens, closes)] with weekdays 0–6, or None when the text is in another form."""
    groups = []
    for part in _plain(text).split(";"):
        match = GROUP.fullmatch(part.strip())
        if not match:
            return None
        spans = []
        for span in match.group("days").split(","):
            ends = [DAYS.get(day.strip()) for day in re.split(DASH, span.strip())]
            if None in ends:
                return None
            spans.append((ends[0], ends[-1]))
        opens_hour, opens_minute, closes_hour, closes_minute = match.groups()[-4:]
        try:
            opens = time(int(opens_hour), int(opens_minute or 0))
            closes = time(int(closes_hour), int(closes_minute or 0))
        except ValueError:
            return None
        groups.append((tuple(spans), opens, closes))
    return groups


def _clock(moment):
    if moment.minute:
        return dateformat.time_format(moment, pgettext("office hours: a time with minutes, as a date format", "G:i"))
    return dateformat.time_format(moment, pgettext("office hours: a whole hour, as a date format", "G"))


def _days(spans):
    return ", ".join(
        str(WEEKDAYS_ABBR[first]) if first == last else f"{WEEKDAYS_ABBR[first]}–{WEEKDAYS_ABBR[last]}"
        for first, last in spans
    )


def hours_text(text):
    """The hours in the active language, or `text` as written when it is not days and times."""
    groups = parse(text)
    if not groups:
        return text
    return "; ".join(f"{_days(spans)} {_clock(opens)}–{_clock(closes)}" for spans, opens, closes in groups)
