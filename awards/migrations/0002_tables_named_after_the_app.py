"""The award's tables take the app's name: `volunteers_nomination` becomes `awards_nomination`, and so on.

After volunteers 0004, when `volunteers` no longer claims them. The rows, keys and the other
tables' references go with each table (both SQLite and PostgreSQL rename in place); the two
named indexes take the names Django gives them under the new table names.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0001_initial'),
        ('volunteers', '0004_award_moved_to_awards'),
    ]

    operations = [
        migrations.RenameIndex(
            model_name='nomination',
            new_name='awards_nomi_round_i_5818d7_idx',
            old_name='volunteers__round_i_f3aeee_idx',
        ),
        migrations.RenameIndex(
            model_name='score',
            new_name='awards_scor_juror_i_7261c4_idx',
            old_name='volunteers__juror_i_54e902_idx',
        ),
        migrations.AlterModelTable(
            name='awardround',
            table=None,
        ),
        migrations.AlterModelTable(
            name='category',
            table=None,
        ),
        migrations.AlterModelTable(
            name='conflict',
            table=None,
        ),
        migrations.AlterModelTable(
            name='criterion',
            table=None,
        ),
        migrations.AlterModelTable(
            name='juror',
            table=None,
        ),
        migrations.AlterModelTable(
            name='nomination',
            table=None,
        ),
        migrations.AlterModelTable(
            name='phasechange',
            table=None,
        ),
        migrations.AlterModelTable(
            name='score',
            table=None,
        ),
        migrations.AlterModelTable(
            name='scorechange',
            table=None,
        ),
        migrations.AlterModelTable(
            name='story',
            table=None,
        ),
        migrations.AlterModelTable(
            name='tiedecision',
            table=None,
        ),
    ]
