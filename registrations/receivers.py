from django.db.models.signals import post_init
from django.dispatch import receiver

from events.models import Occurrence
from events.roles import DEPARTMENT_STAFF, ORGANIZERS
from events.signals import occurrence_changed

DAILY_JOBS = {
    "registrations: remind tomorrow's dates": ("registrations.tasks.send_reminders", "0 9 * * *"),
    "registrations: anonymise past attendees": ("registrations.tasks.anonymise_past_attendees", "30 3 * * *"),
}


@receiver(occurrence_changed)
def on_occurrence_changed(sender, occurrence, change, **kwargs):
    """Here and now, not through the broker: the messages land in the outbox even when Redis is down."""
    from . import tasks

    if change == "capacity":
        tasks.promote_after_more_places(occurrence.pk)
    elif change == "moved":
        tasks.notify_change(occurrence.pk, change, times_before(occurrence))
    else:
        tasks.notify_change(occurrence.pk, change)


@receiver(post_init, sender=Occurrence)
def remember_loaded_times(sender, instance, **kwargs):
    """The start and end a date had when it was read, so the e-mail about a move can say the old time.

    Read from __dict__: a deferred field is not fetched here (that would cost a query per row).
    """
    instance._loaded_times = (instance.__dict__.get("start"), instance.__dict__.get("end"))


def times_before(occurrence):
    """The moved date's start and end before the change, as ISO text for the outbox; {} when unknown."""
    start, end = getattr(occurrence, "_loaded_times", (None, None))
    if start is None or end is None or (start, end) == (occurrence.start, occurrence.end):
        return {}
    return {"start": start.isoformat(), "end": end.isoformat()}


ROLE_PERMISSIONS = {
    DEPARTMENT_STAFF: ["view_person", "change_person", "view_registration", "change_registration"],
    ORGANIZERS: ["view_registration", "change_registration"],
}


def set_up_after_migrate(sender, **kwargs):
    """Connected in RegistrationsConfig.ready; running migrate again changes nothing."""
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="registrations",
                                                         codename__in=codenames))
    # The department sees the outbox: what went to whom, what keeps failing, and sends it again.
    Group.objects.get(name=DEPARTMENT_STAFF).permissions.add(
        *Permission.objects.filter(content_type__app_label="messaging", codename="view_message")
    )

    for name, (func, cron) in DAILY_JOBS.items():
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": Schedule.CRON, "cron": cron, "repeats": -1}
        )
