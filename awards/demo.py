"""Demo data for `manage.py seed_demo`: last year's winners, and this year's jury at work.

Idempotent: everything is found by a natural key (year, name, username) before it is made.
"""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from events.management.commands.seed_demo import DEMO_PASSWORD
from kernel.contacts import name_key

from .models import AwardRound, Category, Criterion, Juror, Nomination, Phase, PhaseChange, Story
from .services import score

CATEGORIES = [
    ("Dobrovolník v sociálních službách", "Pomoc seniorům a lidem se zdravotním postižením."),
    ("Mladý dobrovolník", "Dobrovolníci do 26 let."),
    ("Celoživotní přínos", "Dlouholetá dobrovolnická práce."),
]

CRITERIA = [
    ("Přínos pro druhé", "Komu a jak pomohl.", 3),
    ("Vytrvalost", "Jak dlouho a jak pravidelně pomáhá.", 2),
    ("Inspirace", "Může být příkladem pro ostatní.", 1),
]

NOMINATIONS = [
    (0, "Věra Šimková", "Domov pro seniory Sedlec", "Paní Šimková už osm let každé úterý předčítá klientům "
     "domova a organizuje pro ně výlety do okolí Plzně. Bez ní by mnozí z nich nevyšli ven."),
    (0, "Pavel Novotný", "Diakonie Západ", "Pan Novotný vozí seniory k lékaři a na nákupy, vždy ochotně a "
     "s úsměvem. Za poslední rok najezdil přes tři tisíce kilometrů."),
    (1, "Eliška Bartošová", "Gymnázium Luďka Pika", "Eliška vede se spolužáky kroužek deskových her v "
     "nízkoprahovém klubu a doučuje děti z rodin v nouzi."),
    (1, "Ondřej Kučera", "Skaut Plzeň", "Ondřej pomáhal při povodních a každý týden chodí na procházky "
     "s vozíčkáři z Domova Harmonie."),
    (2, "Marie Pokorná", "Červený kříž Plzeň", "Paní Pokorná je dobrovolnicí Červeného kříže přes čtyřicet "
     "let; učila první pomoc tisíce dětí a dospělých."),
    (2, "Jaroslav Černý", "Senior klub Slovany", "Pan Černý založil klub seniorů, kde se každý týden schází "
     "přes padesát lidí, a stále ho vede."),
]

LAST_YEAR_WINNERS = [
    (0, "Hana Marešová", "Hospic sv. Lazara", "Paní Marešová doprovází umírající a jejich rodiny, "
     "deset let, vždy s klidem a laskavostí."),
    (1, "Filip Jelínek", "ZŠ Martinská", "Filip učí seniory zacházet s chytrým telefonem, aby mohli "
     "volat s vnoučaty."),
    (2, "Zdeněk Říha", "Klub zdravotně postižených", "Pan Říha třicet let organizuje sportovní hry "
     "pro lidi s postižením."),
]


def seed(stdout, users):
    jurors = [users["porotce"], *_more_jurors()]
    last_year = _last_year(users["pracovnice"], jurors)
    current = _current_round(users["pracovnice"], jurors)
    stdout.write(
        f"Anděl {last_year.year} (announced) and {current.year} (judging) with jurors "
        f"{', '.join(user.username for user in jurors)}."
    )


def _more_jurors():
    made = []
    for username, first, last in (("porotce2", "Josef", "Kolář"), ("porotce3", "Ivana", "Benešová")):
        user, created = User.objects.get_or_create(username=username,
                                                   defaults={"first_name": first, "last_name": last})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        made.append(user)
    return made


def _round(year, *, phase, dates, staff_user):
    award_round, created = AwardRound.objects.get_or_create(year=year, defaults={
        "intro": "Znáte někoho, kdo nezištně pomáhá druhým? Nominujte ho na cenu Anděl.",
        "nominations_open_on": dates[0], "nominations_close_on": dates[1], "judging_closes_on": dates[2],
        "announce_on": dates[3], "phase": phase,
    })
    if created:
        for position, (name, description) in enumerate(CATEGORIES):
            Category.objects.create(round=award_round, name=name, description=description, position=position)
        for position, (name, description, weight) in enumerate(CRITERIA):
            Criterion.objects.create(round=award_round, name=name, description=description, weight=weight,
                                     position=position)
        PhaseChange.objects.create(round=award_round, from_phase=Phase.PREPARED, to_phase=phase, by=staff_user,
                                   at=timezone.now())
    return award_round, created


def _nominate(award_round, category, name, organisation, text, *, staff_user, status=Nomination.Status.ACCEPTED,
              **extra):
    nomination = Nomination.objects.create(
        round=award_round, category=category, nominee_name=name, nominee_organisation=organisation,
        name_key=name_key(name), status=status, reviewed_by=staff_user, reviewed_at=timezone.now(), **extra,
    )
    Story.objects.create(nomination=nomination, text=text, nominator_name="Jana Dvořáková",
                         nominator_email="jana.dvorakova@example.org", consent_at=timezone.now())
    return nomination


def _last_year(staff_user, jurors):
    year = timezone.localdate().year - 1
    award_round, created = _round(
        year, phase=Phase.ANNOUNCED, staff_user=staff_user,
        dates=[_day(year, 3, 1), _day(year, 4, 30), _day(year, 5, 31), _day(year, 6, 15)],
    )
    if created:
        moment = timezone.make_aware(datetime(year, 6, 1, 9, 0))
        AwardRound.objects.filter(pk=award_round.pk).update(closed_at=moment, announced_at=moment)
        categories = list(award_round.categories.all())
        for index, name, organisation, text in LAST_YEAR_WINNERS:
            _nominate(award_round, categories[index], name, organisation, text, staff_user=staff_user, won=True,
                      final_rank=1, publication_consent=True, consent_answered_at=moment, informed_at=moment)
        for user in jurors:
            Juror.objects.get_or_create(round=award_round, user=user)
    return award_round


def _current_round(staff_user, jurors):
    """This year's round in judging: the first juror has work to do, the others have scored some."""
    today = timezone.localdate()
    award_round, created = _round(
        today.year, phase=Phase.JUDGING, staff_user=staff_user,
        dates=[today - timedelta(days=45), today - timedelta(days=5), today + timedelta(days=21),
               today + timedelta(days=35)],
    )
    for user in jurors:
        Juror.objects.get_or_create(round=award_round, user=user)
    if not created:
        return award_round
    categories = list(award_round.categories.all())
    nominations = [
        _nominate(award_round, categories[index], name, organisation, text, staff_user=staff_user,
                  nominee_email=f"{name_key(name).replace(' ', '.')}@example.org")
        for index, name, organisation, text in NOMINATIONS
    ]
    _nominate(award_round, categories[0], "Věra Simkova", "", "Paní Šimková z Domova Sedlec nám všem pomáhá, "
              "předčítá a chodí s námi ven.", staff_user=staff_user, status=Nomination.Status.SUBMITTED)
    _nominate(award_round, categories[1], "Test Testovací", "", "Tohle je zkušební nominace, omylem odeslaná.",
              staff_user=staff_user, status=Nomination.Status.REJECTED, rejection_reason="Zkušební záznam.")
    criteria = list(award_round.criteria.all())
    for juror_index, user in enumerate(jurors[1:], start=1):
        for nomination_index, nomination in enumerate(nominations[:4]):
            score(user, nomination, {
                criterion.pk: 5 + (juror_index + nomination_index + criterion_index) % 5
                for criterion_index, criterion in enumerate(criteria)
            })
    return award_round


def _day(year, month, day):
    return date(year, month, day)
