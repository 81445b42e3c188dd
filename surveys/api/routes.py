"""Routes of the surveys API, included under /api/v1/ by the project."""

from django.urls import path

from friendly_gov.routers import Router

from ..dossiers import api as dossiers
from . import views

router = Router()
router.register("survey-templates", views.SurveyTemplateViewSet, basename="survey-template")
router.register("survey-results", views.SurveyResultsViewSet, basename="survey-results")
router.register("survey-commune-results", views.CommuneResultsViewSet, basename="survey-commune-results")
router.register("dossiers", dossiers.DossierViewSet, basename="dossier")

urlpatterns = [
    # Every kiosk's POST: resolved before the routers' patterns.
    path("survey-responses/", views.ResponseSubmitView.as_view(), name="survey-response-submit"),
    path("dossier-indicators/", dossiers.DossierIndicatorsView.as_view(), name="dossier-indicators"),
    path("citizen-indicators/", dossiers.CitizenIndicatorsView.as_view(), name="citizen-indicators"),
    *router.urls,
]
