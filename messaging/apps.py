from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self):
        from . import outbox

        post_migrate.connect(outbox.schedule_sweep, sender=self, dispatch_uid="messaging-sweep")
