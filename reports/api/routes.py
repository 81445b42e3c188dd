"""Routes of the reports API, included under /api/v1/ by the project."""

from friendly_gov.routers import Router

from . import views

router = Router()
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("review-builds", views.BuildViewSet, basename="review-build")
router.register("award-decisions", views.DecisionViewSet, basename="award-decision")

urlpatterns = router.urls
