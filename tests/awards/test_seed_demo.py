"""`manage.py seed_demo` adds an Anděl round being judged by three jurors, and last year's winners."""

from django.contrib.auth.models import User
from django.core.management import call_command

from awards.models import AwardRound, Nomination, Phase
from awards.roles import nominations_for_juror


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_the_demo_has_a_round_being_judged_by_three_jurors(db):
    seed()
    judging = AwardRound.objects.get(phase=Phase.JUDGING)
    jurors = set(judging.jurors.values_list("username", flat=True))
    assert jurors == {"porotce", "porotce2", "porotce3"}
    assert judging.nominations.accepted().count() >= 6 and judging.categories.count() == 3
    assert judging.criteria.count() == 3
    porotce = User.objects.get(username="porotce")
    assert porotce.check_password("spolu-demo-2026")
    assert nominations_for_juror(porotce).filter(round=judging).count() >= 6
    assert AwardRound.objects.filter(phase=Phase.ANNOUNCED, nominations__won=True).exists()


def test_seeding_twice_adds_nothing(db):
    seed()
    counts = (AwardRound.objects.count(), Nomination.objects.count(), User.objects.count())
    seed()
    assert (AwardRound.objects.count(), Nomination.objects.count(), User.objects.count()) == counts


def test_the_demo_pages_open(client, db):
    seed()
    judging = AwardRound.objects.get(phase=Phase.JUDGING)
    assert client.get("/andel/").status_code == 200
    client.force_login(User.objects.get(username="porotce"))
    assert client.get(f"/porota/rocnik/{judging.pk}/").status_code == 200
    client.force_login(User.objects.get(username="pracovnice"))
    assert client.get(f"/sprava/andel/rocnik/{judging.pk}/").status_code == 200
