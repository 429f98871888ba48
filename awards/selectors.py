"""Read queries shared by the award's pages and the API, each in a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from .models import AwardRound, Nomination, Phase, Story


def announced_rounds():
    return AwardRound.objects.filter(phase=Phase.ANNOUNCED).order_by("-year")


def public_winners(award_round):
    """Winners who agreed to be published, with their stories (text only), ordered by category."""
    return (
        Nomination.objects.filter(round=award_round, won=True, publication_consent=True, anonymised_at__isnull=True)
        .select_related("category")
        .prefetch_related(Prefetch("stories", queryset=Story.objects.only("id", "nomination_id", "text")))
        .order_by("category__position", "category_id", "final_rank", "pk")
    )


def staff_nominations(award_round, status=None):
    """The round's nominations for review, each flagged when another one looks like the same person."""
    same_person = (
        Nomination.objects.filter(round_id=OuterRef("round_id"), anonymised_at__isnull=True)
        .exclude(pk=OuterRef("pk")).exclude(status=Nomination.Status.MERGED)
        .filter(
            Q(name_key=OuterRef("name_key"))
            | (Q(nominee_email__iexact=OuterRef("nominee_email")) & ~Q(nominee_email=""))
            | (Q(nominee_phone=OuterRef("nominee_phone")) & ~Q(nominee_phone=""))
        )
    )
    nominations = (
        Nomination.objects.filter(round=award_round).select_related("category")
        .annotate(story_count=Count("stories", distinct=True),
                  has_duplicate=Exists(same_person))
        .order_by("category__position", "category_id", "name_key", "pk")
    )
    if status:
        nominations = nominations.filter(status=status)
    return nominations


def jury_nominations(award_round):
    return (
        Nomination.objects.accepted().filter(round=award_round).select_related("category")
        .order_by("category__position", "category_id", "name_key", "pk")
    )


def group_by(items, key):
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped
