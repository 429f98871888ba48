"""`{% department_contact as department %}`: the department's contact where no context processor runs
(the 500 and 503 pages are rendered without the request)."""

from django import template

from events.context_processors import department_contact as contact

register = template.Library()


@register.simple_tag
def department_contact():
    return contact()
