"""The volunteer's private page and the staff pages of the register (/sprava/dobrovolnici/...).

Personal data never appears in an address: private pages use an unguessable token.
"""

from django.urls import path

from . import staff_views, views

app_name = "volunteers"
urlpatterns = [
    path("dobrovolnik/<str:token>/", views.my_shifts, name="my_shifts"),
    path("dobrovolnik/<str:token>/smena/<int:shift_pk>/prihlasit/", views.volunteer_sign_up, name="sign_up"),
    path("dobrovolnik/<str:token>/prirazeni/<int:pk>/potvrdit/", views.volunteer_answer,
         {"answer": "confirm"}, name="confirm"),
    path("dobrovolnik/<str:token>/prirazeni/<int:pk>/odmitnout/", views.volunteer_answer,
         {"answer": "decline"}, name="decline"),
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
