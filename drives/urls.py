from django.urls import path

from . import feeds, staff_views, views

app_name = "drives"
urlpatterns = [
    path("sbirky/", views.drive_list, name="list"),
    path("sbirky/<slug:slug>/", views.drive_detail, name="drive"),
    path("sbirky/<slug:slug>/prislib/", views.pledge, name="pledge"),
    path("sbirky/<slug:slug>/kalendar.ics", feeds.drive_feed, name="drive_feed"),
    path("sprava/sbirky/", staff_views.home, name="staff_home"),
    path("sprava/sbirky/<slug:slug>/", staff_views.drive_page, name="staff_drive"),
    path("sprava/sbirky/<slug:slug>/zahajit/", staff_views.open_drive, name="staff_open"),
    path("sprava/sbirky/<slug:slug>/ukoncit/", staff_views.close_drive, name="staff_close"),
    path("sprava/sbirky/<slug:slug>/misto/<int:pk>/", staff_views.point_page, name="staff_point"),
    path("sprava/sbirky/<slug:slug>/misto/<int:pk>/zapsat/<int:need_pk>/", staff_views.log_at_point,
         name="staff_log"),
    path("sprava/sbirky/<slug:slug>/dar/<int:pk>/", staff_views.donation_page, name="staff_donation"),
    path("sprava/sbirky/<slug:slug>/dar/<int:pk>/zrusit/", staff_views.void_donation, name="staff_void_donation"),
    path("sprava/sbirky/<slug:slug>/prislib/<int:pk>/", staff_views.receive_pledge, name="staff_pledge"),
    path("sprava/sbirky/<slug:slug>/prislib/<int:pk>/nedorazilo/", staff_views.cancel_pledge,
         name="staff_cancel_pledge"),
    path("sprava/sbirky/<slug:slug>/rozdano/", staff_views.distributions, name="staff_distributions"),
    path("sprava/sbirky/<slug:slug>/rozdano/<int:pk>/", staff_views.distribution_page, name="staff_distribution"),
    path("sprava/sbirky/<slug:slug>/rozdano/<int:pk>/zrusit/", staff_views.void_distribution,
         name="staff_void_distribution"),
    path("sprava/sbirky/<slug:slug>/hodiny/", staff_views.hours_page, name="staff_hours"),
    path("sprava/sbirky/<slug:slug>/hodiny/pridat/", staff_views.add_hours, name="staff_add_hours"),
    path("sprava/sbirky/<slug:slug>/hodiny/<int:pk>/odebrat/", staff_views.remove_hours, name="staff_remove_hours"),
    path("sprava/sbirky/<slug:slug>/hodiny/vyjimka/", staff_views.set_exception, name="staff_set_exception"),
    path("sprava/sbirky/<slug:slug>/hodiny/vyjimka/<int:pk>/odebrat/", staff_views.remove_exception,
         name="staff_remove_exception"),
    path("sprava/sbirky/<slug:slug>/historie/", staff_views.history, name="staff_history"),
    path("sprava/sbirky/<slug:slug>/dary.csv", staff_views.donations_csv, name="staff_donations_csv"),
    path("sprava/sbirky/<slug:slug>/souhrn.csv", staff_views.totals_csv, name="staff_totals_csv"),
]
