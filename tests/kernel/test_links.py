"""The volunteer's and the nominee's link renewals share one shape (kernel.links) and keep their tables."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import NomineeLinkRenewal
from kernel.links import LinkRenewalBase
from volunteers.models import LinkRenewal, Volunteer


@pytest.mark.parametrize(("model", "table", "owner"), [
    (LinkRenewal, "volunteers_linkrenewal", "volunteer_id"),
    (NomineeLinkRenewal, "awards_nomineelinkrenewal", "nomination_id"),
])
def test_each_renewal_keeps_its_table_and_columns(model, table, owner):
    assert issubclass(model, LinkRenewalBase) and not model._meta.abstract
    assert model._meta.db_table == table
    assert {field.column for field in model._meta.concrete_fields} == {"id", "by_id", "at", "emailed", owner}
    assert model._meta.ordering == ["-at", "-id"]


def test_sharing_the_shape_needs_no_migration(db):
    # Exits with an error if a model and its migrations differ.
    call_command("makemigrations", "volunteers", "awards", check=True, dry_run=True, verbosity=0)


def test_a_renewal_names_whose_link_it_was(db, staff):
    tomas = Volunteer.objects.create(name="Tomáš Veselý", phone="+420603111222", consent_at=timezone.now())
    renewal = LinkRenewal.objects.create(volunteer=tomas, by=staff, at=timezone.now())
    assert str(renewal).startswith("Tomáš Veselý — ")
