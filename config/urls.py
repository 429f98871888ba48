from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog, set_language

from accounts import views as account_views
from api import urls as api_urls
from api.health import health
from awards.urls import old_admin_addresses

admin.site.site_header = "Spolu"
admin.site.site_title = "Spolu"

urlpatterns = [
    # One door: the admin's sign-in sends people (with their ?next=) to the site's own page, and the
    # admin's sign-out button signs out as the site's does.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:sign_in", query_string=True)),
    path("admin/logout/", account_views.sign_out),
    *old_admin_addresses,
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("api/v1/", include((api_urls.v1_urlpatterns, "api"), namespace="api-v1")),
    path("api/", include((api_urls.urlpatterns, "api"), namespace="api")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("accounts.urls")),
    path("sprava/", include("registrations.staff_urls")),
    path("", include("volunteers.urls")),
    path("", include("awards.urls")),
    path("", include("drives.urls")),
    path("", include("registrations.urls")),
    path("", include("events.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# A database that is down answers 503 (a Czech page, or JSON under /api/) instead of a 500.
handler500 = "config.errors.server_error"
