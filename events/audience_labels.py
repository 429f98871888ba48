"""The target groups' names on pages in another language than Czech.

Audiences are data, named in Czech by the department. The target groups every department
of social services uses (senioři, zdravotně postižení, …) have a fixed English name here,
found by their short name; an audience added later keeps its Czech name on English pages
until someone adds it here. Czech pages always show the name as the department wrote it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

KNOWN_AUDIENCES = {
    "seniori": _("seniors"),
    "zdravotne-postizeni": _("people with disabilities"),
    "rodiny": _("families with children and young people"),
    "cizinci": _("foreigners"),
    "ohrozeni": _("people at risk of social exclusion"),
    "odbornici": _("professionals"),
}


def audience_label(audience):
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language != settings.LANGUAGE_CODE and audience.slug in KNOWN_AUDIENCES:
        return str(KNOWN_AUDIENCES[audience.slug])
    return audience.name
