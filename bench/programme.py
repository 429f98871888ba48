"""The programme page and the occurrences API with 50 series and ~3,000 dates, against a trivial view.

Fifty recurring series (weekly, a few twice a week) are created the way staff create them:
the rule validated by `validate_schedule`, the dates materialised by `sync_occurrences` over
the whole horizon. A date in ten is moved to another venue and one in twenty-five cancelled,
so the pages follow every relation a real programme has.
"""

from datetime import date, time, timedelta
from itertools import cycle

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from bench._harness import measure, report
from events.models import Audience, Kind, Occurrence, Series, Venue
from events.services import sync_occurrences, validate_schedule

SERIES = 50
TWICE_A_WEEK = 5  # of SERIES; the others meet once a week
OCCURRENCES_API = "/api/v1/occurrences/"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

TITLES = [
    ("Oldies Goldies", Kind.DANCE), ("Nedám se!", Kind.WORKSHOP), ("Prostě pořád řídím", Kind.COURSE),
    ("Šikovné ruce", Kind.WORKSHOP), ("Senioři baví seniory", Kind.FESTIVAL), ("Umííí", Kind.FESTIVAL),
    ("Trénink paměti", Kind.COURSE), ("Bezpečně na internetu", Kind.LECTURE),
    ("Klub pečujících", Kind.MEETING), ("Nebuďme lhostejní", Kind.COLLECTION),
]
AUDIENCES = [
    ("seniori", "senioři"), ("zdravotne-postizeni", "zdravotně postižení"),
    ("rodiny", "rodiny s dětmi a mládež"), ("cizinci", "cizinci"),
    ("ohrozeni", "osoby ohrožené sociálním vyloučením"), ("odbornici", "odborná veřejnost"),
]
VENUES = [
    ("mestanska-beseda", "Měšťanská beseda", "Kopeckého sady 13"),
    ("martinska-2", "Magistrát – Odbor sociálních služeb", "Martinská 2"),
    ("kd-serikova", "Kulturní dům Šeříková", "Šeříková 17"),
    ("depo2015", "DEPO2015", "Presslova 14"),
    ("dopravni-hriste", "Dopravní hřiště Plzeň", "Sokolovská 97"),
]


def run():
    started = timezone.now()
    total = seed()
    print(
        f"  seeded {Series.objects.count()} series with {total} dates over the"
        f" {settings.SPOLU_HORIZON_DAYS}-day horizon in {(timezone.now() - started).total_seconds():.1f} s"
    )
    # Anonymous visitors are served from the cache while the programme is unchanged...
    report(measure({"programme page /": "/", "occurrences API, first page": OCCURRENCES_API}, describe=describe))
    # ...and the first visitor after a change waits for the page to be rendered.
    print("  the first visit after a change (the cache emptied before every request):")
    report(measure({
        "programme page /, rendered": ("/", cache.clear),
        "occurrences API, rendered": (OCCURRENCES_API, cache.clear),
    }, describe=describe))


def describe(label, response):
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        results = body["results"] if isinstance(body, dict) else body
        total = f" of {body['count']}" if isinstance(body, dict) and "count" in body else ""
        return f"{len(results)}{total} dates in {len(response.content) // 1024} KiB of JSON"
    cards = response.content.decode().count('class="date-card')
    return f"{cards} dates in {len(response.content) // 1024} KiB of HTML"


def seed_series(*, description="Setkání pro všechny, kdo chtějí být spolu.", coordinates=False):
    """Fifty weekly series (five twice a week) created as staff create them; returns the venues."""
    audiences = [
        Audience.objects.create(slug=slug, name=name, position=i) for i, (slug, name) in enumerate(AUDIENCES)
    ]
    venues = [
        Venue.objects.create(
            slug=slug, name=name, street=street, step_free_access=i % 2 == 0,
            latitude="49.747000" if coordinates and i % 2 else None,
            longitude="13.377000" if coordinates and i % 2 else None,
        )
        for i, (slug, name, street) in enumerate(VENUES)
    ]
    today = timezone.localdate()
    titles, audience_sets, venue_cycle = cycle(TITLES), cycle(range(1, 4)), cycle(venues)
    for number in range(SERIES):
        title, kind = next(titles)
        weekday = number % 7
        days = [weekday, (weekday + 3) % 7] if number < TWICE_A_WEEK else [weekday]
        starts_on = next_weekday(today, weekday)
        start_time = time(9 + number % 9, 30)
        duration = timedelta(hours=2)
        rule = validate_schedule(
            recurrence=f"FREQ=WEEKLY;BYDAY={','.join(WEEKDAYS[day] for day in sorted(days))}",
            starts_on=starts_on, start_time=start_time, duration=duration,
        )
        full_title = f"{title} {number // len(TITLES) + 1}"
        series = Series.objects.create(
            title=full_title, slug=slugify(full_title), kind=kind, venue=next(venue_cycle),
            description=description, price_note="zdarma",
            starts_on=starts_on, start_time=start_time, duration=duration, recurrence=rule,
            capacity=None if number % 5 == 0 else 30,
        )
        series.audiences.set(audiences[: next(audience_sets)])
        sync_occurrences(series)
    return venues


@transaction.atomic
def seed():
    venues = seed_series()
    dates = list(Occurrence.objects.order_by("start", "id").values_list("pk", flat=True))
    Occurrence.objects.filter(pk__in=dates[::10]).update(venue=venues[3], modified=True)
    Occurrence.objects.filter(pk__in=dates[5::25]).update(status=Occurrence.Status.CANCELLED,
                                                          status_note="Lektorka onemocněla.")
    return len(dates)

def next_weekday(day: date, weekday: int) -> date:
    """The first day after `day` falling on `weekday`, so the rule's first date is the series' own."""
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)
