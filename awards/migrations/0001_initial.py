"""The Anděl award moves out of `volunteers` into its own app, with every row where it was.

The award's eleven tables are taken over as they are (state only: `db_table` names the
`volunteers_*` tables; 0002 renames them after volunteers 0004 has let go of them). What else
named the award by its old app follows here, so nothing is lost or left pointing nowhere:

- a nominee's private-link renewals move from `volunteers_linkrenewal` to their own table;
- the content types of the moved models are relabelled, so the permissions of groups and people
  (department staff, a custom jury group) and the admin's history stay with them;
- the daily jobs' schedules and their recorded runs name the new task paths;
- e-mails waiting in the outbox name the new message builders (and the nominee's once-only key).

Every step runs backwards too: `migrate awards zero` gives the old layout back, rows and all.
"""

import django.db.models.deletion
import volunteers.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat, Substr



# The award's models as content types (their permissions and admin history hang on these).
AWARD_MODELS = ["awardround", "phasechange", "category", "criterion", "juror", "nomination", "story", "conflict",
                "score", "scorechange", "tiedecision"]
# The award's daily jobs: (task in volunteers, schedule's name there) -> (task here, schedule's name here).
JOBS = [
    (("volunteers.tasks.advance_award_rounds", "volunteers: move award rounds to the phase of their dates"),
     ("awards.tasks.advance_award_rounds", "awards: move award rounds to the phase of their dates")),
    (("volunteers.tasks.anonymise_old_nominations", "volunteers: anonymise old nominations that did not win"),
     ("awards.tasks.anonymise_old_nominations", "awards: anonymise old nominations that did not win")),
]
# The award's e-mails in the outbox, named `<app>.messages.<builder>`.
MESSAGE_BUILDERS = ["nomination_thanks", "nominee_information", "new_nominee_link"]


def move_nominee_renewals(apps, schema_editor):
    LinkRenewal = apps.get_model("volunteers", "LinkRenewal")
    NomineeLinkRenewal = apps.get_model("awards", "NomineeLinkRenewal")
    of_nominees = LinkRenewal.objects.filter(nomination__isnull=False).order_by("pk")
    NomineeLinkRenewal.objects.bulk_create([
        NomineeLinkRenewal(nomination_id=renewal.nomination_id, by_id=renewal.by_id, at=renewal.at,
                           emailed=renewal.emailed)
        for renewal in of_nominees
    ])
    of_nominees.delete()


def move_nominee_renewals_back(apps, schema_editor):
    LinkRenewal = apps.get_model("volunteers", "LinkRenewal")
    NomineeLinkRenewal = apps.get_model("awards", "NomineeLinkRenewal")
    LinkRenewal.objects.bulk_create([
        LinkRenewal(nomination_id=renewal.nomination_id, by_id=renewal.by_id, at=renewal.at, emailed=renewal.emailed)
        for renewal in NomineeLinkRenewal.objects.order_by("pk")
    ])


def _relabel(apps, old_label, new_label):
    """Each content type of the award moves to `new_label` with its permissions and admin history.

    If `new_label` already has one (made by a migrate that ran before this one), what hangs on the
    old one moves onto it: a permission's groups and users join the twin permission.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    for model in AWARD_MODELS:
        moving = ContentType.objects.filter(app_label=old_label, model=model).first()
        if moving is None:
            continue
        there = ContentType.objects.filter(app_label=new_label, model=model).first()
        if there is None:
            ContentType.objects.filter(pk=moving.pk).update(app_label=new_label)
            continue
        for permission in Permission.objects.filter(content_type=moving):
            twin = Permission.objects.filter(content_type=there, codename=permission.codename).first()
            if twin is None:
                Permission.objects.filter(pk=permission.pk).update(content_type=there)
                continue
            twin.group_set.add(*permission.group_set.all())
            twin.user_set.add(*permission.user_set.all())
            permission.delete()
        LogEntry.objects.filter(content_type=moving).update(content_type=there)
        moving.delete()
    ContentType.objects.clear_cache()
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()  # the running process must not keep the old labels


def relabel_content_types(apps, schema_editor):
    _relabel(apps, "volunteers", "awards")


def relabel_content_types_back(apps, schema_editor):
    _relabel(apps, "awards", "volunteers")


def _rename_jobs(apps, moves):
    """Schedules run the task by its path: each one names the new path (and its default name the new one)."""
    Schedule = apps.get_model("django_q", "Schedule")
    JobRun = apps.get_model("jobs", "JobRun")
    for (old_func, old_name), (new_func, new_name) in moves:
        for schedule in Schedule.objects.filter(func=old_func):
            if schedule.name == old_name and Schedule.objects.filter(name=new_name).exists():
                schedule.delete()  # a migrate already scheduled the task under its new name
                continue
            Schedule.objects.filter(pk=schedule.pk).update(
                func=new_func, name=new_name if schedule.name == old_name else schedule.name,
            )
        JobRun.objects.filter(job=old_func).update(job=new_func)


def rename_jobs(apps, schema_editor):
    _rename_jobs(apps, JOBS)


def rename_jobs_back(apps, schema_editor):
    _rename_jobs(apps, [(new, old) for old, new in JOBS])


def _rename_messages(apps, old_label, new_label):
    """Messages still to send name their builder by its path; the nominee's once-only key keeps its meaning."""
    Message = apps.get_model("messaging", "Message")
    for builder in MESSAGE_BUILDERS:
        Message.objects.filter(kind=f"{old_label}.messages.{builder}").update(kind=f"{new_label}.messages.{builder}")
    old_key = f"{old_label}.nominee_information:"
    Message.objects.filter(dedupe_key__startswith=old_key).update(
        dedupe_key=Concat(Value(f"{new_label}.nominee_information:"), Substr("dedupe_key", len(old_key) + 1)),
    )


def rename_outbox_messages(apps, schema_editor):
    _rename_messages(apps, "volunteers", "awards")


def rename_outbox_messages_back(apps, schema_editor):
    _rename_messages(apps, "awards", "volunteers")

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("volunteers", "0003_private_link_renewals"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("jobs", "0001_initial"),
        ("messaging", "0001_outbox"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='AwardRound',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='year')),
                    ('title', models.CharField(default='Anděl', max_length=150, verbose_name='title')),
                    ('intro', models.TextField(blank=True, verbose_name='text for the public page')),
                    ('phase', models.CharField(choices=[('prepared', 'prepared'), ('nominations', 'nominations open'), ('judging', 'judging'), ('closed', 'closed'), ('announced', 'announced')], default='prepared', editable=False, max_length=12, verbose_name='phase')),
                    ('nominations_open_on', models.DateField(verbose_name='nominations open on')),
                    ('nominations_close_on', models.DateField(verbose_name='last day of nominations')),
                    ('judging_closes_on', models.DateField(verbose_name='last day of judging')),
                    ('announce_on', models.DateField(verbose_name='results announced on')),
                    ('scale_min', models.PositiveSmallIntegerField(default=0, verbose_name='lowest score')),
                    ('scale_max', models.PositiveSmallIntegerField(default=10, verbose_name='highest score')),
                    ('min_scores', models.PositiveSmallIntegerField(default=3, help_text='A nomination scored by fewer jurors is flagged for discussion.', verbose_name='fewest scores for a firm result')),
                    ('spread_alert_percent', models.PositiveSmallIntegerField(default=40, help_text="A nomination is flagged when the highest and lowest juror's score differ by this much.", verbose_name='disagreement flag, percent of the scale')),
                    ('winners_per_category', models.PositiveSmallIntegerField(default=1, verbose_name='winners per category')),
                    ('closed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='judging closed at')),
                    ('announced_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='announced at')),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'award round',
                    'verbose_name_plural': 'award rounds',
                    'db_table': 'volunteers_awardround',
                    'ordering': ['-year'],
                },
            ),
            migrations.CreateModel(
                name='Category',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=150, verbose_name='name')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='categories', to='awards.awardround')),
                ],
                options={
                    'verbose_name': 'category',
                    'verbose_name_plural': 'categories',
                    'db_table': 'volunteers_category',
                    'ordering': ['position', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Criterion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=150, verbose_name='name')),
                    ('description', models.CharField(blank=True, max_length=300, verbose_name='description')),
                    ('weight', models.PositiveSmallIntegerField(default=1, verbose_name='weight')),
                    ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='awards.awardround')),
                ],
                options={
                    'verbose_name': 'criterion',
                    'verbose_name_plural': 'criteria',
                    'db_table': 'volunteers_criterion',
                    'ordering': ['position', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Juror',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('added_at', models.DateTimeField(auto_now_add=True)),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='juror_seats', to='awards.awardround')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='juror_seats', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ],
                options={
                    'verbose_name': 'juror',
                    'verbose_name_plural': 'jurors',
                    'db_table': 'volunteers_juror',
                    'ordering': ['user__last_name', 'user__first_name', 'user__username'],
                },
            ),
            migrations.AddField(
                model_name='awardround',
                name='jurors',
                field=models.ManyToManyField(blank=True, related_name='award_rounds', through='awards.Juror', to=settings.AUTH_USER_MODEL, verbose_name='jurors'),
            ),
            migrations.CreateModel(
                name='Nomination',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('nominee_name', models.CharField(max_length=150, verbose_name="nominee's name")),
                    ('nominee_organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                    ('nominee_email', models.EmailField(blank=True, max_length=254, verbose_name="nominee's e-mail")),
                    ('nominee_phone', models.CharField(blank=True, max_length=16, verbose_name="nominee's phone")),
                    ('name_key', models.CharField(db_index=True, editable=False, max_length=150)),
                    ('status', models.CharField(choices=[('submitted', 'waiting for review'), ('accepted', 'accepted'), ('rejected', 'rejected'), ('merged', 'merged into another nomination')], default='submitted', max_length=12, verbose_name='status')),
                    ('rejection_reason', models.CharField(blank=True, max_length=300, verbose_name='why rejected')),
                    ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                    ('nominee_token', models.CharField(default=volunteers.models.new_token, editable=False, max_length=64, unique=True)),
                    ('informed_at', models.DateTimeField(blank=True, null=True, verbose_name='nominee informed at')),
                    ('publication_consent', models.BooleanField(blank=True, null=True, verbose_name='nominee agrees to publication')),
                    ('consent_answered_at', models.DateTimeField(blank=True, null=True)),
                    ('won', models.BooleanField(default=False, editable=False, verbose_name='won')),
                    ('final_rank', models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='final rank')),
                    ('anonymised_at', models.DateTimeField(blank=True, editable=False, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='nominations', to='awards.category', verbose_name='category')),
                    ('merged_into', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged', to='awards.nomination', verbose_name='merged into')),
                    ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='nominations', to='awards.awardround', verbose_name='round')),
                ],
                options={
                    'verbose_name': 'nomination',
                    'verbose_name_plural': 'nominations',
                    'db_table': 'volunteers_nomination',
                    'ordering': ['created_at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Conflict',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.CharField(max_length=300, verbose_name='reason')),
                    ('declared_at', models.DateTimeField()),
                    ('juror', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='juror')),
                    ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='awards.nomination')),
                ],
                options={
                    'verbose_name': 'conflict of interest',
                    'verbose_name_plural': 'conflicts of interest',
                    'db_table': 'volunteers_conflict',
                    'ordering': ['declared_at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='PhaseChange',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('from_phase', models.CharField(choices=[('prepared', 'prepared'), ('nominations', 'nominations open'), ('judging', 'judging'), ('closed', 'closed'), ('announced', 'announced')], max_length=12)),
                    ('to_phase', models.CharField(choices=[('prepared', 'prepared'), ('nominations', 'nominations open'), ('judging', 'judging'), ('closed', 'closed'), ('announced', 'announced')], max_length=12)),
                    ('at', models.DateTimeField()),
                    ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='phase_changes', to='awards.awardround')),
                ],
                options={
                    'verbose_name': 'phase change',
                    'verbose_name_plural': 'phase changes',
                    'db_table': 'volunteers_phasechange',
                    'ordering': ['at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Score',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('value', models.PositiveSmallIntegerField(verbose_name='score')),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='awards.criterion')),
                    ('juror', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='awards.nomination')),
                ],
                options={
                    'verbose_name': 'score',
                    'verbose_name_plural': 'scores',
                    'db_table': 'volunteers_score',
                    'ordering': ['criterion__position', 'criterion_id'],
                },
            ),
            migrations.CreateModel(
                name='ScoreChange',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('old_value', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='from')),
                    ('new_value', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='to')),
                    ('changed_at', models.DateTimeField()),
                    ('note', models.CharField(blank=True, max_length=100)),
                    ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='awards.criterion')),
                    ('juror', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='score_changes', to='awards.nomination')),
                ],
                options={
                    'verbose_name': 'score change',
                    'verbose_name_plural': 'score changes',
                    'db_table': 'volunteers_scorechange',
                    'ordering': ['changed_at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Story',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('text', models.TextField(verbose_name='what they did')),
                    ('nominator_name', models.CharField(max_length=150, verbose_name="nominator's name")),
                    ('nominator_email', models.EmailField(blank=True, max_length=254, verbose_name="nominator's e-mail")),
                    ('nominator_phone', models.CharField(blank=True, max_length=16, verbose_name="nominator's phone")),
                    ('consent_at', models.DateTimeField(verbose_name="nominator's consent given on")),
                    ('source', models.CharField(choices=[('web', 'website'), ('api', 'API'), ('staff', 'staff')], default='web', max_length=8, verbose_name='source')),
                    ('submitted_at', models.DateTimeField(auto_now_add=True)),
                    ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stories', to='awards.nomination')),
                ],
                options={
                    'verbose_name': 'story',
                    'verbose_name_plural': 'stories',
                    'db_table': 'volunteers_story',
                    'ordering': ['submitted_at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='TieDecision',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('note', models.CharField(max_length=300, verbose_name='why')),
                    ('decided_at', models.DateTimeField()),
                    ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='awards.category')),
                    ('chosen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='awards.nomination', verbose_name='goes ahead')),
                    ('decided_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('over', models.ManyToManyField(related_name='+', to='awards.nomination')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tie_decisions', to='awards.awardround')),
                ],
                options={
                    'verbose_name': 'tie decision',
                    'verbose_name_plural': 'tie decisions',
                    'db_table': 'volunteers_tiedecision',
                    'ordering': ['decided_at', 'id'],
                },
            ),
            migrations.AddConstraint(
                model_name='category',
                constraint=models.UniqueConstraint(fields=('round', 'name'), name='category_name_once_per_round'),
            ),
            migrations.AddConstraint(
                model_name='criterion',
                constraint=models.UniqueConstraint(fields=('round', 'name'), name='criterion_name_once_per_round'),
            ),
            migrations.AddConstraint(
                model_name='criterion',
                constraint=models.CheckConstraint(condition=models.Q(('weight__gte', 1)), name='criterion_weight_positive'),
            ),
            migrations.AddConstraint(
                model_name='juror',
                constraint=models.UniqueConstraint(fields=('round', 'user'), name='juror_once_per_round'),
            ),
            migrations.AddConstraint(
                model_name='awardround',
                constraint=models.CheckConstraint(condition=models.Q(('scale_max__gt', models.F('scale_min'))), name='award_round_scale'),
            ),
            migrations.AddConstraint(
                model_name='awardround',
                constraint=models.CheckConstraint(condition=models.Q(('nominations_close_on__gte', models.F('nominations_open_on')), ('judging_closes_on__gt', models.F('nominations_close_on')), ('announce_on__gte', models.F('judging_closes_on'))), name='award_round_dates_in_order'),
            ),
            migrations.AddConstraint(
                model_name='awardround',
                constraint=models.CheckConstraint(condition=models.Q(('min_scores__gte', 1)), name='award_round_min_scores'),
            ),
            migrations.AddConstraint(
                model_name='awardround',
                constraint=models.CheckConstraint(condition=models.Q(('spread_alert_percent__gte', 1), ('spread_alert_percent__lte', 100)), name='award_round_spread'),
            ),
            migrations.AddConstraint(
                model_name='awardround',
                constraint=models.CheckConstraint(condition=models.Q(('winners_per_category__gte', 1)), name='award_round_winners'),
            ),
            migrations.AddIndex(
                model_name='nomination',
                index=models.Index(fields=['round', 'status'], name='volunteers__round_i_f3aeee_idx'),
            ),
            migrations.AddConstraint(
                model_name='nomination',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'merged'), _negated=True), ('merged_into__isnull', False), ('anonymised_at__isnull', False), _connector='OR'), name='merged_nomination_points_somewhere'),
            ),
            migrations.AddConstraint(
                model_name='conflict',
                constraint=models.UniqueConstraint(fields=('nomination', 'juror'), name='conflict_once_per_juror'),
            ),
            migrations.AddIndex(
                model_name='score',
                index=models.Index(fields=['juror', 'nomination'], name='volunteers__juror_i_54e902_idx'),
            ),
            migrations.AddConstraint(
                model_name='score',
                constraint=models.UniqueConstraint(fields=('nomination', 'juror', 'criterion'), name='score_once_per_criterion'),
            ),
        ]),
        migrations.CreateModel(
            name='NomineeLinkRenewal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(verbose_name='renewed at')),
                ('emailed', models.BooleanField(default=False, verbose_name='new link e-mailed')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='renewed by')),
                ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='link_renewals', to='awards.nomination', verbose_name='nomination')),
            ],
            options={
                'verbose_name': 'renewal of a private link',
                'verbose_name_plural': 'renewals of private links',
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.RunPython(move_nominee_renewals, move_nominee_renewals_back),
        migrations.RunPython(relabel_content_types, relabel_content_types_back),
        migrations.RunPython(rename_jobs, rename_jobs_back),
        migrations.RunPython(rename_outbox_messages, rename_outbox_messages_back),
    ]
