"""The Anděl award: more jurors, a round in any phase, nominations; and the register's fixtures, for the
pages the award shares with it (the staff's menu, addresses of both apps)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards.models import AwardRound, Category, Criterion, Juror, Nomination, Phase, Story
from awards.services import score, tally
from kernel.contacts import name_key
from tests.conftest import make_user
from tests.volunteers.conftest import cloakroom, cs, dance, lenka, make_shift, make_volunteer, tomas  # noqa: F401


@pytest.fixture
def juror_b(db):
    return make_user("porotce_b", first_name="Josef", last_name="Kolář")


@pytest.fixture
def juror_c(db):
    return make_user("porotce_c", first_name="Ivana", last_name="Benešová")


def dates_for(phase, today=None):
    """Dates of a round that put it in `phase` today."""
    today = today or timezone.localdate()
    offsets = {
        Phase.PREPARED: (10, 20, 40, 50),
        Phase.NOMINATIONS: (-10, 10, 30, 40),
        Phase.JUDGING: (-30, -5, 10, 20),
        Phase.CLOSED: (-40, -20, -5, 10),
        Phase.ANNOUNCED: (-60, -40, -20, -5),
    }[phase]
    keys = ("nominations_open_on", "nominations_close_on", "judging_closes_on", "announce_on")
    return {key: today + timedelta(days=offset) for key, offset in zip(keys, offsets, strict=True)}


@pytest.fixture
def make_round(db):
    """A round of the award in `phase`, with three categories, three weighted criteria and the given jurors."""

    def make(year=2026, *, phase=Phase.JUDGING, jurors=(), **fields):
        award_round = AwardRound.objects.create(year=year, phase=phase, **{**dates_for(phase), **fields})
        for position, name in enumerate(["Dobrovolník v sociálních službách", "Mladý dobrovolník",
                                         "Celoživotní přínos"]):
            Category.objects.create(round=award_round, name=name, position=position)
        for position, (name, weight) in enumerate([("Přínos pro druhé", 3), ("Vytrvalost", 2), ("Inspirace", 1)]):
            Criterion.objects.create(round=award_round, name=name, weight=weight, position=position)
        for user in jurors:
            Juror.objects.create(round=award_round, user=user)
        if phase in (Phase.CLOSED, Phase.ANNOUNCED):
            AwardRound.objects.filter(pk=award_round.pk).update(closed_at=timezone.now())
            award_round.refresh_from_db()
        return award_round

    return make


@pytest.fixture
def judging(make_round, juror, juror_b, juror_c):
    """Anděl 2026 in judging, with three jurors."""
    return make_round(2026, phase=Phase.JUDGING, jurors=[juror, juror_b, juror_c])


@pytest.fixture
def nominate_directly(db):
    """A nomination as staff see it after review (default: accepted), with one story."""

    def make(award_round, name, *, category=0, status=Nomination.Status.ACCEPTED, story=None, **fields):
        categories = list(award_round.categories.all())
        nomination = Nomination.objects.create(
            round=award_round, category=categories[category], nominee_name=name, name_key=name_key(name),
            status=status, **fields,
        )
        Story.objects.create(
            nomination=nomination, text=story or f"{name} pomáhá seniorům v Domově Sedlec už pět let.",
            nominator_name="Jana Dvořáková", nominator_email="jana.dvorakova@example.org",
            consent_at=timezone.now(),
        )
        return nomination

    return make


@pytest.fixture
def vera(judging, nominate_directly):
    return nominate_directly(judging, "Věra Šimková", nominee_organisation="Domov pro seniory Sedlec",
                             nominee_email="vera.simkova@example.org")


@pytest.fixture
def pavel(judging, nominate_directly):
    return nominate_directly(judging, "Pavel Novotný", nominee_organisation="Diakonie Západ")


def criteria_ids(award_round):
    return [criterion.pk for criterion in award_round.criteria.all()]


def all_criteria(award_round, *values):
    """{criterion_id: value} with the values in the order of the round's criteria."""
    return dict(zip(criteria_ids(award_round), values, strict=True))


@pytest.fixture
def jury(juror, juror_b, juror_c):
    return [juror, juror_b, juror_c]


def score_all(award_round, nomination, jury, values):
    """Each juror gives the same number to every criterion, so their weighted score is that number."""
    for user, value in zip(jury, values, strict=True):
        if value is not None:
            score(user, nomination, all_criteria(award_round, value, value, value))


def results_of(award_round):
    return {row.nomination.nominee_name: row for category in tally(award_round).categories for row in category.rows}


@pytest.fixture
def tie_in_judging(judging, jury, nominate_directly):
    """Two nominations with the same mean and median in the first category, a third behind them; still judging."""
    first = nominate_directly(judging, "Anna Králová")
    second = nominate_directly(judging, "Bohumila Malá")
    third = nominate_directly(judging, "Cyril Novák")
    score_all(judging, first, jury, [6, 6, 6])
    score_all(judging, second, jury, [6, 6, 6])
    score_all(judging, third, jury, [5, 5, 5])
    return first, second, third
