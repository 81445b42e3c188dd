"""Routes of the dialogues API, included under /api/v1/ by the project."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=True)

urlpatterns = [*router.urls]
