from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Sign-in")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import lockout

        user_logged_in.connect(lockout.forgive_own_mistakes, dispatch_uid="accounts-forgive-own-mistakes")
