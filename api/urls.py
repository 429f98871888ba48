from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import checkins, drives, views, volunteers

router = DefaultRouter()
router.register("series", views.SeriesViewSet, basename="series")
router.register("occurrences", views.OccurrenceViewSet, basename="occurrence")
router.register("venues", views.VenueViewSet, basename="venue")
router.register("audiences", views.AudienceViewSet, basename="audience")
router.register("registrations", views.RegistrationViewSet, basename="registration")
checkins.register_routes(router)
drives.register_routes(router)
volunteers.register_routes(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from its own address: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
v1_urlpatterns = router.urls
