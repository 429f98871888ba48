"""Demo data for `manage.py seed_demo`: volunteers with their skills, checks and shifts.

Idempotent: everything is found by a natural key (name, slug) before it is made.
"""

from datetime import timedelta

from django.utils import timezone

from events.models import Occurrence

from .models import Assignment, CheckKind, Shift, Skill, Volunteer, VolunteerCheck

SKILLS = [
    ("ridic", "řízení auta"), ("hudba", "hudba"), ("prvni-pomoc", "první pomoc"), ("jazyky", "cizí jazyky"),
    ("doprovod", "doprovod vozíčkářů"), ("deti", "práce s dětmi"),
]

VOLUNTEERS = [
    ("Tomáš Veselý", "tomas.vesely@example.org", "+420603111222", ["ridic", "doprovod"],
     {"weekday_afternoons": True, "weekends": True}),
    ("Lenka Horáková", "lenka.horakova@example.org", "", ["hudba", "deti"], {"weekday_evenings": True}),
    ("Karel Dvořáček", "", "+420777333444", ["prvni-pomoc"], {"weekday_mornings": True, "weekday_afternoons": True}),
    ("Anna Králová", "anna.kralova@example.org", "+420724555666", ["jazyky", "doprovod"], {"weekends": True}),
    ("Jiří Procházka", "jiri.prochazka@example.org", "", ["ridic"], {"weekday_evenings": True, "weekends": True}),
]


def seed(stdout, users):
    skills = {slug: Skill.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in SKILLS}
    volunteers = _volunteers(skills)
    shifts = _shifts(volunteers, users["pracovnice"])
    stdout.write(f"Volunteers: {len(volunteers)} volunteers, {shifts} shifts.")


def _volunteers(skills):
    volunteers = []
    for name, email, phone, skill_slugs, availability in VOLUNTEERS:
        volunteer = Volunteer.objects.filter(name=name).first()
        if volunteer is None:
            volunteer = Volunteer.objects.create(
                name=name, email=email, phone=phone, consent_at=timezone.now(), **availability,
            )
            volunteer.skills.set([skills[slug] for slug in skill_slugs])
        volunteers.append(volunteer)
    first_aid = volunteers[2]
    today = timezone.localdate()
    VolunteerCheck.objects.get_or_create(
        volunteer=volunteers[1], kind=CheckKind.CRIMINAL_RECORD,
        defaults={"checked_on": today - timedelta(days=60), "valid_until": today + timedelta(days=300)},
    )
    VolunteerCheck.objects.get_or_create(
        volunteer=first_aid, kind=CheckKind.FIRST_AID,
        defaults={"checked_on": today - timedelta(days=200), "valid_until": today + timedelta(days=500)},
    )
    return volunteers


def _shifts(volunteers, staff_user):
    """Shifts on the next dates of the dance evenings and the festival; one of them short of people."""
    if Shift.objects.exists():
        return Shift.objects.count()
    plans = [
        ("oldies-goldies", "Šatna", 2, [0, 3]),
        ("oldies-goldies", "Doprovod vozíčkářů", 3, [3]),
        ("festival-umiii", "Informační stánek", 2, [1, 4]),
        ("sikovne-ruce", "Pomoc v dílně", 2, []),
    ]
    now = timezone.now()
    made = 0
    for slug, role, needed, who in plans:
        occurrence = (
            Occurrence.objects.filter(series__slug=slug, start__gt=now + timedelta(days=1), status="scheduled")
            .order_by("start").first()
        )
        if occurrence is None:
            continue
        shift = Shift.objects.create(
            occurrence=occurrence, role=role, starts_at=occurrence.start - timedelta(minutes=30),
            ends_at=occurrence.end + timedelta(minutes=30), places_needed=needed, created_by=staff_user,
        )
        for index in who:
            Assignment.objects.create(shift=shift, volunteer=volunteers[index], status=Assignment.Status.CONFIRMED,
                                      confirmed_at=now)
        Shift.objects.filter(pk=shift.pk).update(places_taken=len(who))
        made += 1
    return made
