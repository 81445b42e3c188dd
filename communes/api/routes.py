"""Routes of the communes API, included under /api/v1/ by the project."""

from django.urls import path

from friendly_gov.routers import Router

from . import activity, conduct, criteria, programmes, units

router = Router()
router.register("units", units.UnitViewSet, basename="unit")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register("enrolments", programmes.EnrolmentViewSet, basename="enrolment")
router.register("documents", programmes.DocumentViewSet, basename="document")
router.register("steering-members", programmes.SteeringMemberViewSet, basename="steering-member")
router.register("activity", activity.ActivityRecordViewSet, basename="activity")
router.register("activity-imports", activity.ActivityImportViewSet, basename="activity-import")
router.register("box-openings", activity.BoxOpeningViewSet, basename="box-opening")
router.register("facility-checks", activity.FacilityCheckViewSet, basename="facility-check")
router.register("inspections", activity.InspectionViewSet, basename="inspection")
router.register("follow-ups", activity.FollowUpTaskViewSet, basename="follow-up")
router.register("codes", conduct.CodeViewSet, basename="code")
router.register("staff", conduct.StaffViewSet, basename="staff")
router.register("pledges", conduct.PledgeViewSet, basename="pledge")
router.register("criteria-sets", criteria.CriteriaSetViewSet, basename="criteria-set")
router.register("criteria-groups", criteria.CriteriaGroupViewSet, basename="criteria-group")
router.register("criteria", criteria.CriterionViewSet, basename="criterion")
router.register("assessments", criteria.AssessmentViewSet, basename="assessment")
router.register("assessment-ranking", criteria.RankingViewSet, basename="assessment-ranking")

urlpatterns = [
    *router.urls,
    path("me/", units.MeView.as_view(), name="api-me"),
]
