"""Rows of the admin's inline tables named for screen readers.

A tabular inline has no <label>s, only column headings, so each box is named by its column and its
row ("Název, Oblečení pro děti"): axe reports unnamed boxes as critical, and a screen reader would
say only "edit text" forty times.
"""

from django import forms
from django.utils.translation import gettext as _


def label_row(form, row_name):
    for field in form.fields.values():
        widget = getattr(field.widget, "widget", field.widget)
        label = str(field.label or "")
        widget.attrs["aria-label"] = f"{label}, {row_name}" if row_name else label


class LabelledRowsFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        label_row(form, str(form.instance) if form.instance.pk else _("new row"))
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        label_row(form, _("new row"))
        return form


class AccessibleFieldsMixin:
    """Fields every screen reader can name: many-to-many choices as a list of ticks (Django's two-box
    picker mixes English into the Czech admin and puts ARIA labels where they are not allowed), and
    the date and the time box of a date-time named each ("Souhlas dán: datum")."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        parts = getattr(getattr(field, "widget", None), "widgets", None)
        if field is not None and parts and len(parts) == 2:
            for part, name in zip(parts, (_("date"), _("time")), strict=True):
                part.attrs["aria-label"] = f"{field.label}: {name}"
        return field
