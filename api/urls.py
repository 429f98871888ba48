from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import awards, checkins, drives, events, registrations

router = DefaultRouter()
router.register("series", events.SeriesViewSet, basename="series")
router.register("occurrences", events.OccurrenceViewSet, basename="occurrence")
router.register("venues", events.VenueViewSet, basename="venue")
router.register("audiences", events.AudienceViewSet, basename="audience")
router.register("registrations", registrations.RegistrationViewSet, basename="registration")
checkins.register_routes(router)
drives.register_routes(router)
awards.register_routes(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from its own address: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
v1_urlpatterns = router.urls
