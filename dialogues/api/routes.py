"""Routes of the dialogues API, included under /api/v1/ by the project."""

from django.urls import path

from friendly_gov.routers import Router

from . import views

router = Router()
router.register("feedback-categories", views.CategoryViewSet, basename="feedback-category")
router.register("feedback", views.FeedbackViewSet, basename="feedback")
router.register("dialogues", views.DialogueViewSet, basename="dialogue")
router.register("commitments", views.CommitmentViewSet, basename="commitment")

urlpatterns = [
    *router.urls,
    path("feedback-indicators/", views.IndicatorsView.as_view(), name="feedback-indicators"),
    path("public/feedback/", views.PublicSubmitView.as_view(), name="public-feedback-submit"),
    path("public/feedback/<str:code>/", views.PublicStatusView.as_view(), name="public-feedback-status"),
]
