"""The audit row of a private link renewed by staff, shared by the volunteers' and the nominees' links.

An abstract model: it makes no table of its own and needs no app, so the kernel stays out of
INSTALLED_APPS; each app's subclass adds the foreign key to whose link it was and keeps its
table. No address is kept here, so anonymising the owner leaves nothing personal behind.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkRenewalBase(models.Model):
    """By whom, when, and whether the new link was e-mailed (else staff passed it on)."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("renewed by"), on_delete=models.SET_NULL,
                           null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("renewed at"))
    emailed = models.BooleanField(_("new link e-mailed"), default=False)

    # The subclass's foreign key to the volunteer or nomination whose link it was.
    owner_field = ""

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]
        verbose_name = _("renewal of a private link")
        verbose_name_plural = _("renewals of private links")

    def __str__(self):
        return f"{getattr(self, self.owner_field)} — {self.at:%Y-%m-%d %H:%M}"
