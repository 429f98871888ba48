"""What the outbox sends about the award: each function builds one e-mail from ids, or None.

Called by the worker when the message is sent (messaging.outbox): the e-mail tells the state of
that moment, and a link is always the newest one. The outbox's rows name these functions
(`awards.messages.…`); migration 0001 renamed the rows queued while they were in `volunteers`.
"""

from django.utils import timezone

from . import emails
from .models import Nomination, Story


def nomination_thanks(story_id):
    story = Story.objects.select_related("nomination__round", "nomination__category").filter(pk=story_id).first()
    if story is None or not story.nominator_email:
        return None
    return emails.nomination_thanks(story)


def nominee_information(nomination_id):
    """Tell the nominee what is kept about them and ask whether it may be published.

    Queued once per nomination and e-mail address (the outbox's dedupe key); `informed_at` is
    set when the e-mail is built, and a retry after a failed send builds it again.
    """
    nomination = (
        Nomination.objects.select_related("round", "category")
        .filter(pk=nomination_id, anonymised_at__isnull=True, status=Nomination.Status.ACCEPTED)
        .exclude(nominee_email="").first()
    )
    if nomination is None:
        return None
    Nomination.objects.filter(pk=nomination.pk, informed_at__isnull=True).update(informed_at=timezone.now())
    return emails.nominee_information(nomination)


def new_nominee_link(nomination_id):
    nomination = (
        Nomination.objects.select_related("round", "category")
        .filter(pk=nomination_id, anonymised_at__isnull=True, informed_at__isnull=False)
        .exclude(nominee_email="").exclude(status=Nomination.Status.MERGED).first()
    )
    return emails.new_nominee_link(nomination) if nomination else None
