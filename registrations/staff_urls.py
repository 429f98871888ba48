from django.urls import path

from . import broadcast_views, paper_views, staff_views, stats_views

app_name = "registrations_staff"
urlpatterns = [
    path("", staff_views.home, name="home"),
    path("prihlasit/", staff_views.register, name="register"),
    path("prihlaska/<int:pk>/", staff_views.registration_detail, name="registration"),
    path("termin/<int:pk>/", staff_views.date_registrations, name="date"),
    path("termin/<int:pk>/export.csv", staff_views.export_csv, name="export_csv"),
    path("termin/<int:pk>/dochazka.csv", staff_views.attendance_csv, name="attendance_csv"),
    path("termin/<int:pk>/seznam-u-vchodu/", paper_views.door_sheet, name="door_sheet"),
    path("termin/<int:pk>/seznam-u-vchodu/odskrtnuti/", paper_views.paper_ticks, name="paper_ticks"),
    path("termin/<int:pk>/prihlaska/<int:registration_pk>/zrusit/", staff_views.cancel, name="cancel"),
    path("termin/<int:pk>/prihlaska/<int:registration_pk>/posunout/", staff_views.promote, name="promote"),
    path("termin/<int:pk>/prihlaska/<int:registration_pk>/novy-kod/", staff_views.new_code, name="new_code"),
    path("termin/<int:pk>/zprava/", broadcast_views.write, name="date_message_write"),
    path("termin/<int:pk>/zprava/<int:message_pk>/", broadcast_views.detail, name="date_message"),
    path("termin/<int:pk>/zprava/<int:message_pk>/volano/<int:call_pk>/", broadcast_views.tick,
         name="date_message_tick"),
    path("statistiky/", stats_views.statistics, name="statistics"),
    path("statistiky/<slug:table>.csv", stats_views.statistics_csv, name="statistics_csv"),
]
