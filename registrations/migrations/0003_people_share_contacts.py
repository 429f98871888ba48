"""Several people may share a phone or an e-mail; a person is a name with a contact.

The unique constraints on phone and e-mail go. Every existing person keeps their row, token
and registrations (nothing is merged or split); `name_key` is filled from the name, and the
personal calendar gets its own `feed_token`, starting as the old token so calendars that
already subscribe keep working until the person asks for a new address.
"""

import unicodedata

from django.db import migrations, models

import registrations.models


def comparable_name(name):
    # A copy of registrations.models.comparable_name as it was when this migration was written.
    letters = unicodedata.normalize("NFKD", name or "")
    letters = "".join(char for char in letters if not unicodedata.combining(char))
    return " ".join(letters.casefold().split())


def fill_name_keys_and_feed_tokens(apps, schema_editor):
    Person = apps.get_model("registrations", "Person")
    for person in Person.objects.only("pk", "name", "token").iterator(chunk_size=500):
        Person.objects.filter(pk=person.pk).update(name_key=comparable_name(person.name), feed_token=person.token)


def clear_feed_tokens(apps, schema_editor):
    apps.get_model("registrations", "Person").objects.update(feed_token=None)


class Migration(migrations.Migration):

    dependencies = [
        ("registrations", "0002_scan"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="person", name="person_email_once"),
        migrations.RemoveConstraint(model_name="person", name="person_phone_once"),
        migrations.AlterField(
            model_name="person", name="email",
            field=models.EmailField(blank=True, db_index=True, max_length=254, verbose_name="e-mail"),
        ),
        migrations.AlterField(
            model_name="person", name="phone",
            field=models.CharField(blank=True, db_index=True, help_text="+420 and nine digits", max_length=16,
                                   verbose_name="phone"),
        ),
        migrations.AddField(
            model_name="person", name="name_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=150),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="person", name="feed_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_name_keys_and_feed_tokens, clear_feed_tokens),
        migrations.AlterField(
            model_name="person", name="feed_token",
            field=models.CharField(default=registrations.models.new_token, editable=False,
                                   max_length=64, unique=True),
        ),
        migrations.AddField(
            model_name="registration", name="request_key",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
    ]
