from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
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
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
v1_urlpatterns = router.urls
