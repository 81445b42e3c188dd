"""Routes of the communes API, included under /api/v1/ by the project."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import programmes, units

router = DefaultRouter()
router.register("units", units.UnitViewSet, basename="unit")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register("enrolments", programmes.EnrolmentViewSet, basename="enrolment")

urlpatterns = [
    *router.urls,
    path("me/", units.MeView.as_view(), name="api-me"),
]
