"""What staff typed is Czech (a drive's title, a need, a venue, a note); on a page in another
language it carries `lang="cs"`, so a screen reader says "Zimní bundy" in Czech and the English
around it in English.

`<h1{% data_lang %}>{{ drive.title }}</h1>` marks an element that holds only such text;
`{{ need.name|in_data_lang }}` wraps a piece of it inside an interface sentence in a span.
On a Czech page both add nothing.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


def _data_language():
    """The language staff write in: the site's default language."""
    return settings.LANGUAGE_CODE.split("-")[0]


def _page_is_in_data_language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0] == _data_language()


def data_lang_attrs():
    """{"lang": "cs"} for an element of staff-typed text when the page is in another language, else {}."""
    return {} if _page_is_in_data_language() else {"lang": _data_language()}


@register.simple_tag
def data_lang():
    """` lang="cs"` for an element of staff-typed text when the page is in another language, else nothing."""
    if _page_is_in_data_language():
        return ""
    return format_html(' lang="{}"', _data_language())


@register.filter
def in_data_lang(value):
    """The value (escaped) in `<span lang="cs">` when the page is in another language; nothing for no value."""
    if value in (None, ""):
        return ""
    if _page_is_in_data_language():
        return value
    return format_html('<span lang="{}">{}</span>', _data_language(), value)
