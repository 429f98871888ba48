"""Public Anděl pages, the volunteer's private page, the jury (/porota/) and the staff pages (/sprava/...).

Personal data never appears in an address: private pages use an unguessable token.
"""

from django.urls import path

from . import staff_views, views

app_name = "volunteers"
urlpatterns = [
    path("andel/", views.andel, name="andel"),
    path("andel/nominovat/", views.nominate, name="nominate"),
    path("andel/dekujeme/", views.thanks, name="thanks"),
    path("andel/<int:year>/", views.winners, name="winners"),
    path("andel/nominace/<str:token>/", views.nominee, name="nominee"),
    path("dobrovolnik/<str:token>/", views.my_shifts, name="my_shifts"),
    path("dobrovolnik/<str:token>/smena/<int:shift_pk>/prihlasit/", views.volunteer_sign_up, name="sign_up"),
    path("dobrovolnik/<str:token>/prirazeni/<int:pk>/potvrdit/", views.volunteer_answer,
         {"answer": "confirm"}, name="confirm"),
    path("dobrovolnik/<str:token>/prirazeni/<int:pk>/odmitnout/", views.volunteer_answer,
         {"answer": "decline"}, name="decline"),
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
    path("sprava/dobrovolnici/", staff_views.volunteer_list, name="staff_volunteers"),
    path("sprava/dobrovolnici/novy/", staff_views.volunteer_new, name="staff_volunteer_new"),
    path("sprava/dobrovolnici/<int:pk>/", staff_views.volunteer_detail, name="staff_volunteer"),
    path("sprava/dobrovolnici/<int:pk>/proverka/", staff_views.volunteer_check, name="staff_volunteer_check"),
    path("sprava/dobrovolnici/<int:pk>/odchod/", staff_views.volunteer_leave, name="staff_volunteer_leave"),
    path("sprava/dobrovolnici/<int:pk>/novy-odkaz/", staff_views.volunteer_renew_link,
         name="staff_volunteer_renew_link"),
    path("sprava/dobrovolnici/smeny/", staff_views.shift_list, name="staff_shifts"),
    path("sprava/dobrovolnici/smeny/nova/", staff_views.shift_new, name="staff_shift_new"),
    path("sprava/dobrovolnici/smeny/<int:pk>/", staff_views.shift_detail, name="staff_shift"),
    path("sprava/dobrovolnici/smeny/<int:pk>/oslovit/", staff_views.shift_ask, name="staff_shift_ask"),
    path("sprava/dobrovolnici/smeny/<int:pk>/prirazeni/<int:assignment_pk>/zrusit/", staff_views.shift_cancel,
         name="staff_shift_cancel"),
    path("sprava/dobrovolnici/smeny/<int:pk>/prirazeni/<int:assignment_pk>/dochazka/",
         staff_views.shift_attendance, name="staff_shift_attendance"),
    path("sprava/dobrovolnici/hodiny/", staff_views.hours, name="staff_hours"),
]
