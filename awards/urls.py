"""The award's public pages (/andel/), the jury (/porota/) and the coordinator's pages (/sprava/andel/).

The addresses are the ones the award had inside `volunteers`: people have them in e-mails.
Personal data never appears in an address: the nominee's page uses an unguessable token.
"""

from django.urls import path, re_path
from django.views.generic import RedirectView

from . import staff_views, views

app_name = "awards"
urlpatterns = [
    path("andel/", views.andel, name="andel"),
    path("andel/nominovat/", views.nominate, name="nominate"),
    path("andel/dekujeme/", views.thanks, name="thanks"),
    path("andel/<int:year>/", views.winners, name="winners"),
    path("andel/nominace/<str:token>/", views.nominee, name="nominee"),
    path("porota/", views.jury_home, name="jury_home"),
    path("porota/rocnik/<int:pk>/", views.jury_round, name="jury_round"),
    path("porota/rocnik/<int:pk>/vysledky/", views.jury_results, name="jury_results"),
    path("porota/nominace/<int:pk>/", views.jury_nomination, name="jury_nomination"),
    path("porota/nominace/<int:pk>/stret-zajmu/", views.jury_conflict, name="jury_conflict"),
    path("sprava/andel/", staff_views.rounds, name="staff_rounds"),
    path("sprava/andel/rocnik/<int:pk>/", staff_views.round_detail, name="staff_round"),
    path("sprava/andel/rocnik/<int:pk>/faze/", staff_views.move_phase, name="staff_move_phase"),
    path("sprava/andel/rocnik/<int:pk>/vysledky/", staff_views.round_results, name="staff_results"),
    path("sprava/andel/rocnik/<int:pk>/vysledky.csv", staff_views.results_csv, name="staff_results_csv"),
    path("sprava/andel/rocnik/<int:pk>/remiza/", staff_views.decide_tie, name="staff_decide_tie"),
    path("sprava/andel/rocnik/<int:pk>/zmeny-hodnoceni/", staff_views.audit_log, name="staff_audit"),
    path("sprava/andel/nominace/<int:pk>/", staff_views.nomination_detail, name="staff_nomination"),
    path("sprava/andel/nominace/<int:pk>/prijmout/", staff_views.nomination_review, {"decision": "accept"},
         name="staff_accept"),
    path("sprava/andel/nominace/<int:pk>/zamitnout/", staff_views.nomination_review, {"decision": "reject"},
         name="staff_reject"),
    path("sprava/andel/nominace/<int:pk>/upravit/", staff_views.nomination_edit, name="staff_edit_nomination"),
    path("sprava/andel/nominace/<int:pk>/sloucit/", staff_views.nomination_merge, name="staff_merge"),
    path("sprava/andel/nominace/<int:pk>/souhlas/", staff_views.nomination_consent, name="staff_consent"),
    path("sprava/andel/nominace/<int:pk>/novy-odkaz/", staff_views.nomination_renew_link,
         name="staff_nominee_renew_link"),
]

# The admin's pages of the award were under /admin/volunteers/ before it moved here: staff's bookmarks
# lead on (config.urls puts these before the admin's own).
MOVED_MODELS = ["awardround", "phasechange", "category", "criterion", "juror", "nomination", "story", "conflict",
                "score", "scorechange", "tiedecision"]
old_admin_addresses = [
    re_path(rf"^admin/volunteers/(?P<model>{'|'.join(MOVED_MODELS)})/(?P<rest>.*)$",
            RedirectView.as_view(url="/admin/awards/%(model)s/%(rest)s", permanent=True, query_string=True)),
]
