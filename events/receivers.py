"""What the programme itself does when its own rows change outside its services (the admin's
plain edit pages, a QuerySet.delete())."""

from django.db import models
from django.db.models import F, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Audience, Occurrence, Series


def remember_audience_name(sender, instance, **kwargs):
    if instance.pk is None:
        instance._name_before = None
        return
    instance._name_before = Audience.objects.filter(pk=instance.pk).values_list("name", flat=True).first()


def audience_renamed(sender, instance, created, **kwargs):
    """An audience's name is the CATEGORIES of its series in every calendar: a new name is a change
    of those events, so their SEQUENCE and DTSTAMP move and the cached feeds are built again."""
    before = getattr(instance, "_name_before", None)
    if created or before is None or before == instance.name:
        return
    Series.objects.filter(audiences=instance).update(sequence=F("sequence") + 1, updated_at=timezone.now())


def audience_deleted(sender, instance, **kwargs):
    """A deleted audience leaves the CATEGORIES of its series: a change of those events, as a new name is.
    Sent before the links to the series go, so they can still be found."""
    Series.objects.filter(audiences=instance).update(sequence=F("sequence") + 1, updated_at=timezone.now())


def keep_sequence_of_deleted_date(sender, instance, origin=None, **kwargs):
    """A date leaving its series adds its changes to the series' own SEQUENCE, in the same transaction.

    A feed publishes a series' SEQUENCE as its own plus those of its dates, so without this it would
    fall when the sync drops a date the rule no longer gives, and a calendar would keep the old
    dates as the newer version. Connected for every way a row is deleted (an instance, a QuerySet,
    the admin); not when the whole series goes, since its UID goes with it.
    """
    if isinstance(origin, Series) or (isinstance(origin, models.QuerySet) and origin.model is Series):
        return
    Series.objects.filter(pk=instance.series_id).update(
        # Read in the same statement as the row is about to go: never an older value held in memory.
        sequence=F("sequence") + Coalesce(Subquery(
            Occurrence.objects.filter(pk=instance.pk).values("sequence")[:1]
        ), 0),
        updated_at=timezone.now(),
    )
