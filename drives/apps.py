from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DrivesConfig(AppConfig):
    name = "drives"
    verbose_name = _("Drives")

    def ready(self):
        from . import receivers

        post_migrate.connect(receivers.set_up_after_migrate, sender=self, dispatch_uid="drives-roles-and-jobs")
