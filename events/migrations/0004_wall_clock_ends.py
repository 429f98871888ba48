"""Give back their wall-clock end to the dates the daily job had moved by an hour.

Before, the job recomputed the end of every date over a clock change as start + length in UTC
(a festival Fri 10:00–Sun 10:00 ended at 11:00 after the autumn change). People were told the
true end when they registered, so the end is put back without a message; SEQUENCE grows so
calendars take the corrected end. Dates changed by hand and past dates are left alone.
"""

from datetime import UTC
from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models import F
from django.utils import timezone

PRAGUE = ZoneInfo("Europe/Prague")


def _wall_clock_end(start, duration):
    local = start.astimezone(PRAGUE).replace(tzinfo=None) + duration
    return local.replace(tzinfo=PRAGUE, fold=0).astimezone(UTC)


def put_ends_back(apps, schema_editor):
    Occurrence = apps.get_model("events", "Occurrence")
    dates = Occurrence.objects.filter(modified=False, start__gt=timezone.now()).select_related("series")
    for occurrence in dates.iterator():
        end = _wall_clock_end(occurrence.start, occurrence.series.duration)
        if end != occurrence.end:
            Occurrence.objects.filter(pk=occurrence.pk).update(end=end, sequence=F("sequence") + 1)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_feed_history")]

    operations = [migrations.RunPython(put_ends_back, migrations.RunPython.noop)]
