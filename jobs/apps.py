from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """The daily jobs' record: each run, what it did and what failed (ground floor: imports no other app)."""

    name = "jobs"
    verbose_name = _("Daily jobs")
