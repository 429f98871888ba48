"""Dates written the way each language writes them: "středa 9. prosince 2026", "Wednesday 9 December 2026".

Django's own formats for English are American ("Dec. 9, 2026") and its Czech ones lack the
weekday, so the programme's pages name the shape they want and get it in the visitor's language.
"""

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import translation

register = template.Library()

# shape → {language: Django date format}; the first language is the fallback.
SHAPES = {
    "day": {"cs": "l j. E Y", "en": "l j F Y"},
    "day_time": {"cs": "l j. E Y, H:i", "en": "l j F Y, H:i"},
    "day_short": {"cs": "l j. n.", "en": "l j M"},
    "date": {"cs": "j. n. Y", "en": "j M Y"},
    "date_time": {"cs": "j. n. Y H:i", "en": "j M Y, H:i"},
    "day_month": {"cs": "j. n.", "en": "j M"},
    "weekday_day_month": {"cs": "D j. n.", "en": "D j M"},
}


def shape_format(shape, language=None):
    formats = SHAPES[shape]
    language = (language or translation.get_language() or "cs").split("-")[0]
    return formats.get(language, next(iter(formats.values())))


@register.filter(expects_localtime=True)
def as_date(value, shape="date"):
    """{{ occurrence.start|as_date:"day" }} — the date in the shape named, in the page's language."""
    return format_date(value, shape_format(shape))


@register.filter
def audience_label(audience):
    """{{ audience|audience_label }} — the target group's name in the page's language (see events.audience_labels)."""
    from events.audience_labels import audience_label as label

    return label(audience)
