from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme")

    def ready(self):
        from .signals import set_up_after_migrate

        post_migrate.connect(set_up_after_migrate, sender=self, dispatch_uid="events-set-up-after-migrate")
