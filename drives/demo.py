"""The four Plzeň charity drives as demo data, called by `manage.py seed_demo`; a second run changes nothing.

Everything goes through the services, as staff would do it, so the history, the progress and
the collection series in the programme are the real thing.
"""

from datetime import time, timedelta

from django.utils import timezone

from events.models import Venue

from . import services
from .models import Drive, Need, Unit, Weekday

VENUES = {
    "martinska-2": {
        "name": "Magistrát – Odbor sociálních služeb", "street": "Martinská 2", "postal_code": "301 00",
        "latitude": "49.746480", "longitude": "13.379300", "step_free_access": True, "accessible_toilet": True,
        "transport_stop": "Náměstí Republiky",
    },
    "kd-serikova": {
        "name": "Kulturní dům Šeříková", "street": "Šeříková 17", "postal_code": "301 00",
        "latitude": "49.732400", "longitude": "13.385900", "transport_stop": "Šeříková (trolejbus 13, 16)",
    },
    "depo2015": {
        "name": "DEPO2015", "street": "Presslova 14", "postal_code": "301 00", "latitude": "49.744530",
        "longitude": "13.362340", "step_free_access": True, "accessible_toilet": True,
        "transport_stop": "Depo (tramvaj 2)",
    },
    "mestanska-beseda": {
        "name": "Měšťanská beseda", "street": "Kopeckého sady 13", "postal_code": "301 00",
        "latitude": "49.743870", "longitude": "13.376880", "step_free_access": True, "accessible_toilet": True,
        "transport_stop": "Náměstí Republiky (tramvaj 1, 2, 4)",
    },
}

MON, TUE, WED, THU, FRI, SAT = (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY,
                                Weekday.FRIDAY, Weekday.SATURDAY)


def _next(weekday, day):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _drives(today):
    return [
        {
            "slug": "uklid-satnik", "title": "Ukliď šatník!", "kind": Drive.Kind.ITEMS, "hands_out": False,
            "starts_on": today - timedelta(days=20), "ends_on": today + timedelta(days=40), "organizer": True,
            "description": "Máte doma oblečení, které už nenosíte? Přineste ho čisté a nepoškozené. Poputuje "
            "lidem bez domova a rodinám, kterým pomáhají sociální pracovnice odboru.",
            "how_to_help": "Oblečení přineste vyprané, v taškách nebo krabicích. Zimní bundy a boty "
            "potřebujeme nejvíc. Spodní prádlo přijímáme jen nové.",
            "needs": [
                ("Zimní bundy a kabáty", Unit.PIECE, 150, 1, "Dospělé velikosti, funkční zip."),
                ("Zimní boty", Unit.PAIR, 100, 1, "Pánské i dámské, nepoškozené."),
                ("Dětské oblečení", Unit.BAG, 80, 2, "Velikosti 110–140."),
                ("Deky a spacáky", Unit.PIECE, 60, 3, ""),
            ],
            "points": {
                "martinska-2": [(MON, time(8, 0), time(17, 0)), (WED, time(8, 0), time(17, 0)),
                                (THU, time(8, 0), time(14, 0))],
                "kd-serikova": [(TUE, time(14, 0), time(18, 0)), (SAT, time(9, 0), time(12, 0))],
            },
            # A Wednesday closed for stock-taking, and a Saturday open longer.
            "exceptions": [("martinska-2", _next(WED, today + timedelta(days=5)), None, "inventura"),
                           ("kd-serikova", _next(SAT, today + timedelta(days=8)), (time(9, 0), time(15, 0)),
                            "den otevřených dveří")],
            "donations": [(0, "martinska-2", 34), (0, "kd-serikova", 21), (1, "martinska-2", 40),
                          (2, "kd-serikova", 52), (3, "martinska-2", 9)],
            "pledges": [(0, 3, "Jana z Lochotína"), (2, 2, "")],
        },
        {
            "slug": "nebudme-lhostejni", "title": "Nebuďme lhostejní", "kind": Drive.Kind.BOTH, "hands_out": False,
            "starts_on": today - timedelta(days=35), "ends_on": today + timedelta(days=25), "organizer": False,
            "description": "Sbírka peněz a trvanlivých potravin pro lidi, kteří se ocitli v nouzi: senioři s "
            "nízkým důchodem, rodiny po ztrátě bydlení.",
            "how_to_help": "Peníze můžete vložit do zapečetěné pokladničky na odboru, Martinská 2. Potraviny "
            "přineste s dobou trvanlivosti alespoň tři měsíce.",
            "needs": [
                ("Peníze na potravinové balíčky", Unit.CZK, 100_000, 1, ""),
                ("Trvanlivé potraviny", Unit.BOX, 50, 2, "Konzervy, těstoviny, rýže, olej."),
                ("Drogerie a hygiena", Unit.SET, 80, 2, "Mýdlo, zubní pasta, prací prášek."),
            ],
            "points": {"martinska-2": [(day, time(8, 0), time(15, 0)) for day in (MON, TUE, WED, THU)]},
            "exceptions": [],
            "donations": [(0, "martinska-2", 12_500), (0, "martinska-2", 31_000), (1, "martinska-2", 19),
                          (2, "martinska-2", 27)],
            "pledges": [(0, 5_000, "Firma Novák s.r.o."), (1, 4, "")],
        },
        {
            "slug": "novy-zacatek", "title": "Nový začátek", "kind": Drive.Kind.ITEMS, "hands_out": True,
            "starts_on": today - timedelta(days=50), "ends_on": today + timedelta(days=70), "organizer": False,
            "description": "Vybavení domácnosti pro lidi, kteří začínají znovu: po odchodu z azylového domu, "
            "z dětského domova nebo po ztrátě bydlení.",
            "how_to_help": "Přineste čisté a funkční věci. Elektrospotřebiče jen funkční a s kabelem.",
            "needs": [
                ("Nádobí a hrnce", Unit.BOX, 40, 1, "Sada do kuchyně: talíře, hrnky, příbory, hrnec."),
                ("Povlečení a ručníky", Unit.SET, 60, 2, ""),
                ("Rychlovarné konvice", Unit.PIECE, 20, 3, "Funkční."),
            ],
            "points": {"depo2015": [(THU, time(10, 0), time(18, 0))],
                       "martinska-2": [(MON, time(8, 0), time(17, 0)), (WED, time(8, 0), time(17, 0))]},
            "exceptions": [],
            "donations": [(0, "depo2015", 18), (1, "martinska-2", 25), (2, "depo2015", 7)],
            "pledges": [(1, 2, "")],
            "distributions": [(9, 6, 14, 31), (3, 4, 9, 20)],
        },
        {
            "slug": "skolni-pomucky", "title": "Školní pomůcky pro rodiny v nouzi", "kind": Drive.Kind.ITEMS,
            "hands_out": True, "starts_on": today - timedelta(days=10), "ends_on": today + timedelta(days=50),
            "organizer": True,
            "description": "Aby žádné dítě nešlo do školy bez aktovky. Pomůcky předají sociální pracovnice "
            "rodinám, které doprovázejí.",
            "how_to_help": "Nové pomůcky přineste v původním balení. Aktovky mohou být i zachovalé.",
            "needs": [
                ("Školní aktovky a batohy", Unit.PIECE, 120, 1, "Pro 1.–5. třídu."),
                ("Penály s vybavením", Unit.PIECE, 150, 2, ""),
                ("Sešity a výtvarné potřeby", Unit.SET, 200, 3, "Sešity, vodovky, pastelky."),
            ],
            "points": {"mestanska-beseda": [(TUE, time(9, 0), time(12, 0)), (FRI, time(13, 0), time(17, 0))],
                       "martinska-2": [(WED, time(8, 0), time(17, 0))]},
            "exceptions": [],
            "donations": [(0, "mestanska-beseda", 23), (1, "martinska-2", 41), (2, "mestanska-beseda", 35)],
            "pledges": [(0, 2, "rodina Kovářových")],
            "distributions": [(2, 12, 30, 45)],
        },
    ]


def seed(stdout, users):
    today = timezone.localdate()
    staff = users.get("pracovnice")
    venues = {slug: Venue.objects.get_or_create(slug=slug, defaults=fields)[0] for slug, fields in VENUES.items()}
    created = 0
    for spec in _drives(today):
        if Drive.objects.filter(slug=spec["slug"]).exists():
            continue
        _create(spec, venues, staff, users.get("organizator"), today)
        created += 1
    stdout.write(f"Demo drives: {created} new, {Drive.objects.count()} in all.")


def _create(spec, venues, staff, organizer, today):
    drive = Drive.objects.create(
        slug=spec["slug"], title=spec["title"], kind=spec["kind"], hands_out=spec["hands_out"],
        starts_on=spec["starts_on"], ends_on=spec["ends_on"], description=spec["description"],
        how_to_help=spec["how_to_help"],
    )
    if spec["organizer"] and organizer is not None:
        drive.organizers.add(organizer)
    needs = [
        Need.objects.create(drive=drive, name=name, unit=unit, target=target, priority=priority, position=index,
                            description=description)
        for index, (name, unit, target, priority, description) in enumerate(spec["needs"])
    ]
    points = {}
    for position, (venue_slug, slots) in enumerate(spec["points"].items()):
        point = drive.points.create(venue=venues[venue_slug], position=position)
        points[venue_slug] = point
        for weekday, opens, closes in slots:
            services.add_opening_hours(point, weekday=weekday, opens=opens, closes=closes, by=staff)
    for venue_slug, day, special, note in spec["exceptions"]:
        opens, closes = special or (None, None)
        services.set_exception(points[venue_slug], day=day, closed=special is None,
                               opens=opens, closes=closes, note=note, by=staff)
    services.open_drive(drive, by=staff)
    now = timezone.now()
    for index, (need_index, venue_slug, quantity) in enumerate(spec["donations"]):
        services.log_donation(
            needs[need_index], point=points[venue_slug], quantity=quantity, by=staff,
            received_at=now - timedelta(days=index * 2 + 1, hours=index), now=now,
        )
    for need_index, quantity, name in spec["pledges"]:
        services.make_pledge(needs[need_index], quantity=quantity, name=name, now=now)
    for days_ago, households, people, items in spec.get("distributions", []):
        services.record_distribution(drive, by=staff, handed_out_on=today - timedelta(days=days_ago),
                                     households=households, people=people, items=items, now=now)
