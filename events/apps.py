from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme")

    def ready(self):
        from . import receivers
        from .models import Audience, Occurrence
        from .signals import set_up_after_migrate

        post_migrate.connect(set_up_after_migrate, sender=self, dispatch_uid="events-set-up-after-migrate")
        pre_save.connect(receivers.remember_audience_name, sender=Audience, dispatch_uid="events-audience-name")
        post_save.connect(receivers.audience_renamed, sender=Audience, dispatch_uid="events-audience-renamed")
        pre_delete.connect(receivers.audience_deleted, sender=Audience, dispatch_uid="events-audience-deleted")
        pre_delete.connect(receivers.keep_sequence_of_deleted_date, sender=Occurrence,
                           dispatch_uid="events-keep-sequence-of-deleted-date")
