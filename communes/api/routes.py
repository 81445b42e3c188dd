"""Routes of the communes API, included under /api/v1/ by the project."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import activity, programmes, units

router = DefaultRouter()
router.register("units", units.UnitViewSet, basename="unit")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register("enrolments", programmes.EnrolmentViewSet, basename="enrolment")
router.register("documents", programmes.DocumentViewSet, basename="document")
router.register("steering-members", programmes.SteeringMemberViewSet, basename="steering-member")
router.register("activity", activity.ActivityRecordViewSet, basename="activity")
router.register("box-openings", activity.BoxOpeningViewSet, basename="box-opening")
router.register("facility-checks", activity.FacilityCheckViewSet, basename="facility-check")
router.register("inspections", activity.InspectionViewSet, basename="inspection")
router.register("follow-ups", activity.FollowUpTaskViewSet, basename="follow-up")

urlpatterns = [
    *router.urls,
    path("me/", units.MeView.as_view(), name="api-me"),
]
