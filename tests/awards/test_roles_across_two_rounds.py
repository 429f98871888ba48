"""Who sees what of the award, checked across two rounds: a juror their own round's nominations once
judging has started, the results only after it closes, nobody once their account is switched off.

Written for `make mutants` (issue 15, item 5).
"""

import pytest
from django.http import Http404
from django.utils import timezone

from awards import roles
from awards.models import Nomination, Phase

pytestmark = pytest.mark.django_db


def switched_off(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@pytest.fixture
def two_rounds(make_round, nominate_directly, juror, juror_b):
    """2026 in judging with `juror`, 2027 in judging with `juror_b`; one accepted nomination each."""
    first = make_round(2026, phase=Phase.JUDGING, jurors=[juror])
    second = make_round(2027, phase=Phase.JUDGING, jurors=[juror_b])
    return first, second, nominate_directly(first, "Věra Šimková"), nominate_directly(second, "Pavel Novotný")


def test_a_juror_sees_the_nominations_of_their_own_round_only(two_rounds, juror, juror_b):
    first, second, vera, pavel = two_rounds
    assert list(roles.nominations_for_juror(juror)) == [vera]
    assert list(roles.nominations_for_juror(juror_b)) == [pavel]
    assert roles.get_nomination_for_juror(juror, vera.pk) == vera
    with pytest.raises(Http404):
        roles.get_nomination_for_juror(juror, pavel.pk)
    assert roles.get_round_for_juror(juror, first.pk) == first
    with pytest.raises(Http404):
        roles.get_round_for_juror(juror, second.pk)
    assert (roles.is_juror(juror, first.pk), roles.is_juror(juror, second.pk), roles.is_juror(juror)) == (
        True, False, True)
    assert list(roles.rounds_judged_by(juror_b)) == [second]


def test_a_juror_sees_nothing_before_judging_and_only_accepted_nominations_during_it(
        make_round, nominate_directly, juror):
    early = make_round(2026, phase=Phase.NOMINATIONS, jurors=[juror])
    nominate_directly(early, "Věra Šimková")
    assert list(roles.nominations_for_juror(juror)) == []
    judged = make_round(2027, phase=Phase.JUDGING, jurors=[juror])
    accepted = nominate_directly(judged, "Pavel Novotný")
    nominate_directly(judged, "Jan Čekající", status=Nomination.Status.SUBMITTED)
    assert list(roles.nominations_for_juror(juror)) == [accepted]
    for phase in (Phase.CLOSED, Phase.ANNOUNCED):
        type(judged).objects.filter(pk=judged.pk).update(phase=phase)
        assert list(roles.nominations_for_juror(juror)) == [accepted]


def test_a_switched_off_juror_sees_nothing(two_rounds, juror):
    first, _second, vera, _pavel = two_rounds
    switched_off(juror)
    assert not roles.is_juror(juror, first.pk)
    assert list(roles.rounds_judged_by(juror)) == []
    assert list(roles.nominations_for_juror(juror)) == []


def test_results_only_after_judging_closes_and_only_to_that_rounds_jurors_and_the_coordinator(
        two_rounds, juror, juror_b, staff, stranger):
    first, _second, _vera, _pavel = two_rounds
    assert not roles.may_see_results(juror, first) and not roles.may_see_results(staff, first)
    type(first).objects.filter(pk=first.pk).update(phase=Phase.CLOSED, closed_at=timezone.now())
    first.refresh_from_db()
    assert roles.may_see_results(juror, first) and roles.may_see_results(staff, first)
    assert not roles.may_see_results(juror_b, first)
    assert not roles.may_see_results(stranger, first)


def test_only_the_coordinator_opens_a_round_or_a_nomination_on_the_staff_pages(two_rounds, juror, staff):
    first, _second, vera, _pavel = two_rounds
    assert roles.get_round_for_coordinator(staff, first.pk) == first
    assert roles.get_nomination_for_coordinator(staff, vera.pk) == vera
    for call in (lambda: roles.get_round_for_coordinator(juror, first.pk),
                 lambda: roles.get_nomination_for_coordinator(juror, vera.pk),
                 lambda: roles.get_round_for_coordinator(staff, 999999),
                 lambda: roles.get_nomination_for_coordinator(staff, 999999)):
        with pytest.raises(Http404):
            call()


def test_the_nominees_link_opens_their_nomination_until_it_is_merged_or_anonymised(two_rounds, staff):
    _first, _second, vera, pavel = two_rounds
    assert roles.get_nomination_by_nominee_token(vera.nominee_token) == vera
    Nomination.objects.filter(pk=vera.pk).update(status=Nomination.Status.MERGED, merged_into=pavel)
    Nomination.objects.filter(pk=pavel.pk).update(anonymised_at=timezone.now())
    for token in (vera.nominee_token, pavel.nominee_token, "", "nic\x00"):
        with pytest.raises(Http404):
            roles.get_nomination_by_nominee_token(token)
