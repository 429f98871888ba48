"""The Anděl award has moved to `awards` (its 0001 took the tables over): `volunteers` lets go of them.

Only the state forgets the award's models here; their tables and rows stay for `awards`. The one
change in the database: a volunteer's link renewals no longer have a nomination beside them
(those rows moved to `awards_nomineelinkrenewal`), so the column and its either-or rule go.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('volunteers', '0003_private_link_renewals'),
        ('awards', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='linkrenewal',
            name='link_renewal_of_one_link',
        ),
        migrations.RemoveField(
            model_name='linkrenewal',
            name='nomination',
        ),
        migrations.AlterField(
            model_name='linkrenewal',
            name='volunteer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='link_renewals', to='volunteers.volunteer', verbose_name='volunteer'),
        ),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='awardround',
                name='jurors',
            ),
            migrations.RemoveField(
                model_name='nomination',
                name='round',
            ),
            migrations.RemoveField(
                model_name='category',
                name='round',
            ),
            migrations.RemoveField(
                model_name='criterion',
                name='round',
            ),
            migrations.RemoveField(
                model_name='phasechange',
                name='round',
            ),
            migrations.RemoveField(
                model_name='juror',
                name='round',
            ),
            migrations.RemoveField(
                model_name='tiedecision',
                name='round',
            ),
            migrations.RemoveField(
                model_name='nomination',
                name='category',
            ),
            migrations.RemoveField(
                model_name='tiedecision',
                name='category',
            ),
            migrations.RemoveField(
                model_name='conflict',
                name='juror',
            ),
            migrations.RemoveField(
                model_name='conflict',
                name='nomination',
            ),
            migrations.RemoveField(
                model_name='scorechange',
                name='criterion',
            ),
            migrations.RemoveField(
                model_name='score',
                name='criterion',
            ),
            migrations.RemoveField(
                model_name='juror',
                name='user',
            ),
            migrations.RemoveField(
                model_name='nomination',
                name='merged_into',
            ),
            migrations.RemoveField(
                model_name='nomination',
                name='reviewed_by',
            ),
            migrations.RemoveField(
                model_name='tiedecision',
                name='chosen',
            ),
            migrations.RemoveField(
                model_name='score',
                name='nomination',
            ),
            migrations.RemoveField(
                model_name='scorechange',
                name='nomination',
            ),
            migrations.RemoveField(
                model_name='story',
                name='nomination',
            ),
            migrations.RemoveField(
                model_name='tiedecision',
                name='over',
            ),
            migrations.RemoveField(
                model_name='phasechange',
                name='by',
            ),
            migrations.RemoveField(
                model_name='score',
                name='juror',
            ),
            migrations.RemoveField(
                model_name='scorechange',
                name='changed_by',
            ),
            migrations.RemoveField(
                model_name='scorechange',
                name='juror',
            ),
            migrations.RemoveField(
                model_name='tiedecision',
                name='decided_by',
            ),
            migrations.DeleteModel(
                name='AwardRound',
            ),
            migrations.DeleteModel(
                name='Category',
            ),
            migrations.DeleteModel(
                name='Conflict',
            ),
            migrations.DeleteModel(
                name='Criterion',
            ),
            migrations.DeleteModel(
                name='Juror',
            ),
            migrations.DeleteModel(
                name='Story',
            ),
            migrations.DeleteModel(
                name='Nomination',
            ),
            migrations.DeleteModel(
                name='PhaseChange',
            ),
            migrations.DeleteModel(
                name='Score',
            ),
            migrations.DeleteModel(
                name='ScoreChange',
            ),
            migrations.DeleteModel(
                name='TieDecision',
            ),
        ]),
    ]
