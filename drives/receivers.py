"""Roles and the daily job after migrate, and the programme series leaving with their drive or point."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from events.roles import DEPARTMENT_STAFF, ORGANIZERS

from .models import CollectionPoint, Drive
from .programme import delete_series_of

DAILY_JOBS = {
    "drives: close drives that ended a week ago": ("drives.tasks.close_ended_drives", "45 2 * * *"),
}

MANAGED = ["drive", "need", "collectionpoint", "openinghours", "openingexception"]
RECORDS = ["donation", "pledge", "distribution", "historyentry", "driveseries"]
ROLE_PERMISSIONS = {
    DEPARTMENT_STAFF: [f"{action}_{model}" for model in MANAGED for action in ("view", "add", "change", "delete")]
    + [f"view_{model}" for model in RECORDS],
    # Organizers see and change only their own drives (the admin filters the rows).
    ORGANIZERS: [f"{action}_{model}" for model in MANAGED for action in ("view", "change")]
    + [f"{action}_{model}" for model in ("need", "collectionpoint", "openinghours", "openingexception")
       for action in ("add", "delete")]
    + [f"view_{model}" for model in RECORDS],
}


@receiver(pre_delete, sender=Drive, dispatch_uid="drives-delete-series-of-drive")
def delete_series_of_drive(sender, instance, **kwargs):
    delete_series_of(drive=instance)


@receiver(pre_delete, sender=CollectionPoint, dispatch_uid="drives-delete-series-of-point")
def delete_series_of_point(sender, instance, **kwargs):
    delete_series_of(point=instance)


def set_up_after_migrate(sender, **kwargs):
    """Connected in DrivesConfig.ready; running migrate again changes nothing."""
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="drives", codename__in=codenames))

    for name, (func, cron) in DAILY_JOBS.items():
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": Schedule.CRON, "cron": cron, "repeats": -1}
        )
