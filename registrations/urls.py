from django.urls import path

from . import feeds, scanner_views, views

app_name = "registrations"
urlpatterns = [
    path("termin/<int:pk>/prihlasit/", views.register, name="register"),
    path("termin/<int:pk>/poslat-vstupenku/", views.resend_ticket, name="resend_ticket"),
    path("vstupenka/<str:code>/", views.ticket, name="ticket"),
    path("vstupenka/<str:code>/tisk/", views.ticket_print, name="ticket_print"),
    path("vstupenka/<str:code>/qr.svg", views.ticket_qr_svg, name="ticket_qr_svg"),
    path("vstupenka/<str:code>/qr.png", views.ticket_qr_png, name="ticket_qr_png"),
    path("vstupenka/<str:code>/termin.ics", views.ticket_ics, name="ticket_ics"),
    path("vstupenka/<str:code>/zrusit/", views.cancel, name="cancel"),
    path("moje-akce/<str:token>/", views.my_events, name="my_events"),
    path("moje-akce/<str:token>/obnovit/", feeds.renew_token, name="renew_token"),
    path("feeds/me/<str:token>.ics", feeds.personal_feed, name="personal_feed"),
    path("scan/", scanner_views.scanner_home, name="scanner_home"),
    path("scan/<int:pk>/", scanner_views.scanner, name="scanner"),
]
