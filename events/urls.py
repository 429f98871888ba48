from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("program/tisk/", views.print_month, name="print_month"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("feeds/program.ics", views.programme_feed, name="programme_feed"),
    path("jazyk/<str:code>/", views.switch_language, name="switch_language"),
    path("akce/<slug:slug>/", views.series_detail, name="series"),
    path("akce/<slug:slug>/<int:pk>/", views.occurrence_detail, name="occurrence"),
]
