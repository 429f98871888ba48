"""The real Plzeň programme as demo data; running it again changes nothing that exists."""

from datetime import date, time, timedelta
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.models import Audience, Kind, Series, Venue
from events.roles import DEPARTMENT_STAFF, ORGANIZERS
from events.services import series_changed, validate_schedule

DEMO_PASSWORD = "spolu-demo-2026"

AUDIENCES = [
    ("seniori", "senioři"),
    ("zdravotne-postizeni", "zdravotně postižení"),
    ("rodiny", "rodiny s dětmi a mládež"),
    ("cizinci", "cizinci"),
    ("ohrozeni", "osoby ohrožené sociálním vyloučením"),
    ("odbornici", "odborná veřejnost"),
]

VENUES = [
    {
        "slug": "mestanska-beseda", "name": "Měšťanská beseda", "street": "Kopeckého sady 13",
        "postal_code": "301 00", "latitude": "49.743870", "longitude": "13.376880", "step_free_access": True,
        "hearing_loop": True, "accessible_toilet": True, "transport_stop": "Náměstí Republiky (tramvaj 1, 2, 4)",
        "parking": "Placené parkoviště v Jízdecké ulici",
        "accessibility_note": "Do sálu vede výtah z dvora; vchod pro vozíčkáře je vlevo od hlavních dveří.",
    },
    {
        "slug": "martinska-2", "name": "Magistrát – Odbor sociálních služeb", "street": "Martinská 2",
        "postal_code": "301 00", "latitude": "49.746480", "longitude": "13.379300", "step_free_access": True,
        "hearing_loop": False, "accessible_toilet": True, "transport_stop": "Náměstí Republiky",
        "parking": "Bez vlastního parkoviště; nejbližší parkování na Rychtářce",
    },
    {
        "slug": "kd-serikova", "name": "Kulturní dům Šeříková", "street": "Šeříková 17",
        "postal_code": "301 00", "latitude": "49.732400", "longitude": "13.385900", "step_free_access": False,
        "hearing_loop": False, "accessible_toilet": False, "transport_stop": "Šeříková (trolejbus 13, 16)",
        "parking": "Parkoviště před domem",
        "accessibility_note": "Do sálu v 1. patře vedou schody se zábradlím; výtah zde není.",
    },
    {
        "slug": "depo2015", "name": "DEPO2015", "street": "Presslova 14", "postal_code": "301 00",
        "latitude": "49.744530", "longitude": "13.362340", "step_free_access": True, "hearing_loop": True,
        "accessible_toilet": True, "transport_stop": "Depo (tramvaj 2)", "parking": "Parkoviště u areálu",
    },
    {
        "slug": "dopravni-hriste", "name": "Dopravní hřiště Plzeň", "street": "Sokolovská 97",
        "postal_code": "323 00", "latitude": "49.768200", "longitude": "13.374100", "step_free_access": True,
        "hearing_loop": False, "accessible_toilet": True, "transport_stop": "Bolevecká náves (tramvaj 1, 4)",
        "parking": "Parkoviště u vjezdu",
    },
]


def _next(weekday, *, after=None):
    day = after or timezone.localdate()
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _first_weekday_of_month(year, month, weekday):
    day = date(year, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _last_weekday_of_month(year, month, weekday):
    following = date(year + month // 12, month % 12 + 1, 1)
    day = following - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _series_specs(today):
    # Dates are anchored to today, so right after `make run` several dates are open.
    first_weekday_this_month = _first_weekday_of_month(today.year, today.month, 1)
    return [
        {
            "slug": "oldies-goldies", "title": "Oldies Goldies", "kind": Kind.DANCE, "venue": "mestanska-beseda",
            "audiences": ["seniori", "zdravotne-postizeni"],
            "description": "Taneční večery s živou hudbou pro všechny, kdo rádi tančí. Hraje kapela Sváťova "
            "dechovka, k dispozici je šatna a občerstvení. Přijďte i sami, tanečníci se vždy najdou.",
            "price_note": "Vstupné 50 Kč", "capacity": 80, "max_seats": 2,
            "starts_on": _next(2, after=today - timedelta(days=21)), "start_time": time(18, 0),
            "duration": timedelta(hours=3), "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            "opens": 30, "closes": 2,
        },
        {
            "slug": "nedam-se", "title": "Nedám se!", "kind": Kind.WORKSHOP, "venue": "martinska-2",
            "audiences": ["seniori", "ohrozeni"],
            "description": "Praktický seminář o bezpečí: jak poznat podvodníka u dveří a do telefonu, jak "
            "chránit peníze na účtu a kam se obrátit o pomoc. Vede Městská policie Plzeň.",
            "price_note": "Zdarma", "capacity": 20, "max_seats": 2,
            "starts_on": _last_weekday_of_month(today.year, today.month, 1) if
            _last_weekday_of_month(today.year, today.month, 1) >= today - timedelta(days=28) else None,
            "start_time": time(10, 0), "duration": timedelta(hours=2), "rule": "FREQ=MONTHLY;BYDAY=-1TU",
            "opens": 45, "closes": 24,
        },
        {
            "slug": "proste-porad-ridim", "title": "Prostě pořád řídím", "kind": Kind.COURSE,
            "venue": "dopravni-hriste", "audiences": ["seniori"],
            "description": "Kurz pro řidiče seniory: co je nového v pravidlech, teorie s autoškolou a "
            "praktická jízda s instruktorem na dopravním hřišti. Šest setkání.",
            "price_note": "Zdarma, s vlastním autem", "capacity": 12, "max_seats": 1,
            "starts_on": _next(0, after=today + timedelta(days=3)), "start_time": time(9, 0),
            "duration": timedelta(hours=3), "rule": "FREQ=WEEKLY;BYDAY=MO;COUNT=6", "opens": 30, "closes": 24,
        },
        {
            "slug": "sikovne-ruce", "title": "Šikovné ruce", "kind": Kind.WORKSHOP, "venue": "kd-serikova",
            "audiences": ["seniori", "zdravotne-postizeni", "rodiny"],
            "description": "Tvořivá dílna: pletení, drátkování, malování na hedvábí. Materiál je připraven.",
            "price_note": "Zdarma", "capacity": 12, "max_seats": 2,
            "starts_on": _next(3, after=today - timedelta(days=7)), "start_time": time(14, 0),
            "duration": timedelta(hours=2), "rule": "FREQ=WEEKLY;BYDAY=TH", "opens": 21, "closes": 2,
        },
        {
            "slug": "seniori-bavi-seniory", "title": "Senioři baví seniory", "kind": Kind.FESTIVAL,
            "venue": "mestanska-beseda", "audiences": ["seniori"],
            "description": "Festival, na kterém vystupují senioři pro seniory: pěvecké sbory, divadlo, tanec "
            "a přednes. Týden v květnu, každý den od 10 hodin.",
            "price_note": "Vstup volný", "capacity": 250, "max_seats": 4, "registration_required": False,
            "starts_on": None, "start_time": time(10, 0), "duration": timedelta(hours=5),
            "rule": "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO,TU,WE,TH,FR", "opens": 60, "closes": 2,
        },
        {
            "slug": "festival-umiii", "title": "Festival Umííí", "kind": Kind.FESTIVAL, "venue": "depo2015",
            "audiences": ["zdravotne-postizeni", "rodiny"],
            "description": "Festival umění lidí s postižením: výstava, koncerty a dílny pro celé rodiny.",
            "price_note": "Vstup volný", "capacity": 150, "max_seats": 4,
            "starts_on": today + timedelta(days=12), "start_time": time(13, 0),
            "duration": timedelta(hours=5), "rule": "", "opens": 30, "closes": 1,
        },
        {
            "slug": "prednaska-dusevni-zdravi", "title": "Duševní zdraví ve stáří", "kind": Kind.LECTURE,
            "venue": "martinska-2", "audiences": ["odbornici", "seniori"],
            "description": "Přednáška pro pečující a odbornou veřejnost. Každý první úterý v měsíci.",
            "price_note": "Zdarma", "capacity": 40, "max_seats": 2,
            "starts_on": first_weekday_this_month, "start_time": time(16, 30),
            "duration": timedelta(hours=1, minutes=30), "rule": "FREQ=MONTHLY;BYDAY=1TU", "opens": 30, "closes": 2,
        },
    ]


class Command(BaseCommand):
    help = "Load the demo programme of Plzeň and the demo accounts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        audiences = {
            slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name, "position": index})[0]
            for index, (slug, name) in enumerate(AUDIENCES)
        }
        venues = {}
        for spec in VENUES:
            fields = dict(spec)
            slug = fields.pop("slug")
            venues[slug] = Venue.objects.get_or_create(slug=slug, defaults=fields)[0]
        users = self._users()
        created = 0
        for spec in _series_specs(today):
            if Series.objects.filter(slug=spec["slug"]).exists():
                continue
            self._create_series(spec, audiences, venues, users)
            created += 1
        self.stdout.write(f"Demo programme: {created} new series, {Series.objects.count()} in all.")
        self._seed_other_apps(users)
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, role in (("spravce", "department staff, superuser"), ("pracovnice", "department staff"),
                               ("organizator", "organizer of Oldies Goldies and Šikovné ruce"),
                               ("porotce", "juror of the Anděl award")):
            self.stdout.write(f"  {username:12} {role}")
        self.stdout.write("Admin: /admin/   API: /api/v1/   API docs: /api/docs/")

    def _seed_other_apps(self, users):
        """Apps above `events` add their demo data through a `demo.seed(stdout, users)` function.

        Found by name, like the admin finds admin.py, so `events` imports none of them.
        """
        for app_config in apps.get_app_configs():
            if app_config.name == "events":
                continue
            try:
                demo = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as missing:
                if missing.name != f"{app_config.name}.demo":
                    raise
                continue
            demo.seed(self.stdout, users)

    def _users(self):
        users = {}
        specs = [
            ("spravce", {"is_staff": True, "is_superuser": True, "first_name": "Správce"}, None),
            ("pracovnice", {"is_staff": True, "first_name": "Jana", "last_name": "Nováková"}, DEPARTMENT_STAFF),
            ("organizator", {"is_staff": True, "first_name": "Petr", "last_name": "Dvořák"}, ORGANIZERS),
            ("porotce", {"first_name": "Marie", "last_name": "Svobodová"}, None),
        ]
        for username, fields, group in specs:
            user, made = User.objects.get_or_create(username=username, defaults=fields)
            if made:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username] = user
        return users

    def _create_series(self, spec, audiences, venues, users):
        starts_on = spec["starts_on"] or self._first_rule_date(spec)
        rule = validate_schedule(
            recurrence=spec["rule"], starts_on=starts_on, start_time=spec["start_time"], duration=spec["duration"],
        )
        series = Series.objects.create(
            slug=spec["slug"], title=spec["title"], kind=spec["kind"], venue=venues[spec["venue"]],
            description=spec["description"], price_note=spec["price_note"], capacity=spec["capacity"],
            max_seats_per_registration=spec["max_seats"],
            registration_required=spec.get("registration_required", True),
            registration_opens_days_before=spec["opens"], registration_closes_hours_before=spec["closes"],
            starts_on=starts_on, start_time=spec["start_time"], duration=spec["duration"], recurrence=rule,
        )
        series.audiences.set([audiences[slug] for slug in spec["audiences"]])
        if spec["slug"] in ("oldies-goldies", "sikovne-ruce"):
            series.organizers.add(users["organizator"])
        series_changed(series)

    @staticmethod
    def _first_rule_date(spec):
        """The first date the rule gives from this year on (for rules anchored to a month or week)."""
        from datetime import datetime

        from events.recurrence import local_starts

        year_start = datetime(timezone.localdate().year, 1, 1, spec["start_time"].hour, spec["start_time"].minute)
        return local_starts(spec["rule"], year_start, limit=1)[0].date()
