"""django-q2 jobs: thin wrappers around the services."""

from django.conf import settings

from . import services


def close_ended_drives():
    """Daily: running drives that ended more than SPOLU_DRIVE_CLOSE_AFTER_DAYS ago close on their own."""
    return services.close_ended_drives(grace_days=getattr(settings, "SPOLU_DRIVE_CLOSE_AFTER_DAYS", 7))
