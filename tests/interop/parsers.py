"""Four iCalendar parsers nobody here wrote, each expanding a feed to its dates in Prague time.

- recurring-ical-events (on icalendar): Python, in this process;
- ical: Home Assistant's, in this process;
- ical.js: what Thunderbird uses; tests/interop/js/expand.js, run with node;
- libical: what Evolution and GNOME Calendar use; tests/interop/libical_expand.py, run with the
  system Python, which has GObject introspection (the virtualenv has not).

Each gives a sorted list of (title, start, end), start and end as "YYYY-MM-DD HH:MM" in Prague
wall-clock time, for the dates that start in the window and are not cancelled. The two outside
ones run once per feed body and window. A parser that is not installed skips the test, or fails
it under SPOLU_REQUIRE_SERVICES=1 (CI, where .ci/run installs them).
"""

import functools
import json
import shutil
import subprocess
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from tests.conftest import skip_or_fail

PRAGUE = ZoneInfo("Europe/Prague")
DAYS = 396  # 13 months
HERE = Path(__file__).parent
ICAL_JS = HERE / "js" / "expand.js"
ICAL_JS_PACKAGE = HERE / "js" / "node_modules" / "ical.js" / "package.json"
LIBICAL = HERE / "libical_expand.py"
SYSTEM_PYTHON = "/usr/bin/python3"
LIBICAL_MISSING = 3  # libical_expand.py's exit status when gi or ICalGLib cannot be loaded
TIMEOUT = 60


def window():
    first = date.today()
    return first, first + timedelta(days=DAYS)


def bounds():
    """The window as aware datetimes: from today 00:00 to the day after its last day, 00:00, in Prague."""
    first, last = window()
    return (datetime.combine(first, time.min, tzinfo=PRAGUE),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=PRAGUE))


def in_prague(moment):
    return moment.astimezone(PRAGUE).strftime("%Y-%m-%d %H:%M")


def from_the_api(client, query=""):
    """Every scheduled date the API lists in the window, as (title, start, end) in Prague time."""
    first, last = window()
    url = f"/api/v1/occurrences/?from={first}&to={last}{query}"
    dates = []
    while url:
        body = client.get(url).json()
        dates += [
            (item["title"], in_prague(datetime.fromisoformat(item["start"])),
             in_prague(datetime.fromisoformat(item["end"])))
            for item in body["results"] if item["status"] == "scheduled"
        ]
        url = body["next"]
    start, end = bounds()
    return sorted(item for item in dates if start <= datetime.fromisoformat(item[1]).replace(tzinfo=PRAGUE) < end)


def expanded_by_recurring_ical_events(body):
    start, end = bounds()
    calendar = Calendar.from_ical(body)
    return sorted(
        (str(event["SUMMARY"]), in_prague(event["DTSTART"].dt), in_prague(event["DTEND"].dt))
        for event in recurring_ical_events.of(calendar).between(start, end)
        if str(event.get("STATUS", "CONFIRMED")) != "CANCELLED" and start <= event["DTSTART"].dt < end
    )


def expanded_by_ical(body):
    start, end = bounds()
    calendar = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    return sorted(
        (event.summary, in_prague(event.start), in_prague(event.end))  # end: DTEND, or DTSTART + DURATION
        for event in calendar.timeline_tz(PRAGUE).overlapping(start, end)
        if (event.status is None or event.status.value != "CANCELLED") and start <= event.start < end
    )


def _run(command, body):
    """Run an outside parser with the feed on stdin and the window as UTC instants."""
    start, end = bounds()
    return subprocess.run(
        [*command, start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()],
        input=body, capture_output=True, timeout=TIMEOUT, check=False,
    )


@functools.lru_cache(maxsize=32)
def _ical_js(body, _window):
    result = _run(["node", str(ICAL_JS)], body)
    if result.returncode:
        raise AssertionError(f"ical.js could not expand the feed: {result.stderr.decode(errors='replace')}")
    return sorted(tuple(item) for item in json.loads(result.stdout))


def expanded_by_ical_js(body):
    if shutil.which("node") is None:
        skip_or_fail("node is not installed: ical.js (Thunderbird's parser) cannot run")
    if not ICAL_JS_PACKAGE.exists():
        skip_or_fail("ical.js is not installed: run `npm ci --prefix tests/interop/js`")
    return _ical_js(body, bounds())


@functools.lru_cache(maxsize=32)
def _libical(body, _window):
    result = _run([SYSTEM_PYTHON, str(LIBICAL)], body)
    if result.returncode == LIBICAL_MISSING:
        return None
    if result.returncode:
        raise AssertionError(f"libical could not expand the feed: {result.stderr.decode(errors='replace')}")
    return sorted(tuple(item) for item in json.loads(result.stdout))


def expanded_by_libical(body):
    if not Path(SYSTEM_PYTHON).exists():
        skip_or_fail(f"{SYSTEM_PYTHON} is missing: libical (Evolution's parser) runs in the system Python")
    dates = _libical(body, bounds())
    if dates is None:
        skip_or_fail("libical is not installed for the system Python: apt-get install gir1.2-ical-3.0 python3-gi")
    return dates


PARSERS = {
    "recurring-ical-events": expanded_by_recurring_ical_events,
    "ical": expanded_by_ical,
    "ical.js": expanded_by_ical_js,
    "libical": expanded_by_libical,
}


def expand(parser, body):
    return PARSERS[parser](body)


def differences(expanded, api, cases=None):
    """What a person needs to read when a parser and the API disagree, one line per finding, by title.

    A date with the API's start but another end is one finding ("ends ... instead of ..."); the
    others are dates only the parser shows, or only the API lists. `cases` names what each title
    is there to test.
    """
    extra = Counter(expanded) - Counter(api)
    missing = Counter(api) - Counter(expanded)
    wrong_end = defaultdict(list)
    for title, start, end in sorted(missing.elements()):
        ends = [other for other_title, other_start, other in extra.elements()
                if (other_title, other_start) == (title, start)]
        if ends:
            wrong_end[title].append(f"{start} ends {ends[0]} instead of {end}")
            extra[(title, start, ends[0])] -= 1
            missing[(title, start, end)] -= 1
    extra, missing = +extra, +missing
    lines = []
    for title in sorted({item[0] for item in extra} | {item[0] for item in missing} | set(wrong_end)):
        name = f"{title} ({cases[title]})" if cases and title in cases else title
        shown = [f"{start}–{end[11:] if end[:10] == start[:10] else end}"
                 for _title, start, end in sorted(extra.elements()) if _title == title]
        if shown:
            lines.append(f"{name}: {len(shown)} dates the API does not list, e.g. {', '.join(shown[:4])}")
        shown = [f"{start}–{end[11:] if end[:10] == start[:10] else end}"
                 for _title, start, end in sorted(missing.elements()) if _title == title]
        if shown:
            lines.append(f"{name}: {len(shown)} dates of the API missing, e.g. {', '.join(shown[:4])}")
        if wrong_end[title]:
            lines.append(f"{name}: {len(wrong_end[title])} dates end wrong: {'; '.join(wrong_end[title][:4])}")
    return lines
