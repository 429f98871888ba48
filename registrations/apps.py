from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from . import receivers

        post_migrate.connect(receivers.set_up_after_migrate, sender=self, dispatch_uid="registrations-daily-jobs")
