"""Things that happen at the same moment: one juror's score saved three times at once.

On PostgreSQL the threads really run in parallel against the round's row lock; on SQLite the
IMMEDIATE transactions queue them, and nobody sees "database is locked".
"""

import pytest
from django.db import connection

from awards.models import Score, ScoreChange
from awards.services import AwardError, score
from tests.volunteers.test_concurrency import all_at_once

from .conftest import all_criteria


def one_score_saved_twice_keeps_a_true_log(judging, vera, juror):
    outcomes, refusals, errors = all_at_once([
        lambda: score(juror, vera, all_criteria(judging, 3, 3, 3)),
        lambda: score(juror, vera, all_criteria(judging, 9, 9, 9)),
        lambda: score(juror, vera, all_criteria(judging, 6, 6, 6)),
    ], AwardError)
    assert errors == [] and refusals == []
    final = list(Score.objects.filter(juror=juror, nomination=vera).values_list("value", flat=True))
    assert len(final) == 3 and len(set(final)) == 1
    for criterion in judging.criteria.all():
        log = list(ScoreChange.objects.filter(criterion=criterion).order_by("changed_at", "pk")
                   .values_list("old_value", "new_value"))
        assert log[0][0] is None
        assert all(log[index][1] == log[index + 1][0] for index in range(len(log) - 1)), log  # an unbroken chain
        assert log[-1][1] == final[0]


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_parallel_saves_of_one_score_log_every_change(requires_postgresql, judging, vera, juror):
    one_score_saved_twice_keeps_a_true_log(judging, vera, juror)


@pytest.fixture
def sqlite_only(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers the embedded default")


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_parallel_saves_of_one_score_queue_up(sqlite_only, judging, vera, juror):
    one_score_saved_twice_keeps_a_true_log(judging, vera, juror)
