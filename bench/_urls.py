"""The site's own addresses plus a trivial view: the yardstick every page is compared with."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

TRIVIAL_PATH = "/bench/trivial/"


def trivial(request):
    """The least a request can cost here: the whole middleware stack, no query, no template."""
    return HttpResponse("ok")


urlpatterns = [path(TRIVIAL_PATH.strip("/") + "/", trivial), *site_urlpatterns]
