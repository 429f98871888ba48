"""django-q2 jobs of the award: thin wrappers that load rows and call services.

The daily jobs (scheduled after migrate, see receivers.py) can run twice without harm.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.runner import run_job

from . import services
from .models import AwardRound, Phase


def advance_award_rounds(now=None):
    """Each round moves to the phase its dates give (services.advance_round), in its own transaction.

    A round that fails is recorded in the job's run with its name and the reason; the others move on.
    """
    now = now or timezone.now()
    moves = []
    run_job("awards.tasks.advance_award_rounds", AwardRound.objects.exclude(phase=Phase.ANNOUNCED).order_by("pk"),
            lambda award_round: moves.append(services.advance_round(award_round, now=now)),
            lambda award_round: f"{award_round.title} {award_round.year} (#{award_round.pk})",
            label=_("Move Anděl rounds to the phase of their dates"))
    return sum(moves)


def anonymise_old_nominations(now=None):
    now = now or timezone.now()
    before = now - timedelta(days=services.nominations_kept_days())
    anonymised = []
    batch = _("nominations of rounds closed before %(date)s") % {"date": f"{timezone.localtime(before):%d. %m. %Y}"}
    run_job("awards.tasks.anonymise_old_nominations", [before],
            lambda before: anonymised.append(services.anonymise_nominations(before=before, now=now)),
            lambda before: batch,
            label=_("Anonymise nominations that did not win"))
    return sum(anonymised)
