from django.urls import path

from .views import awards, dashboard, reviews

app_name = "reports"

urlpatterns = [
    # Reviews (sơ kết / tổng kết) and their PDF builds
    path("reviews/", reviews.review_list_view, name="review_list"),
    path("reviews/new/", reviews.review_new, name="review_new"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/build/", reviews.build_request, name="build_request"),
    path("review-builds/<int:pk>/", reviews.build_status, name="build_status"),
    path("review-builds/<int:pk>/pdf/", reviews.build_download, name="build_download"),
    path("programmes/<int:pk>/review-schedule/", reviews.schedule_edit, name="schedule_edit"),
    # Awards
    path("awards/", awards.decision_list, name="decision_list"),
    path("awards/new/", awards.decision_new, name="decision_new"),
    path("awards/<int:pk>/", awards.decision_detail, name="decision_detail"),
    path("awards/<int:pk>/edit/", awards.decision_edit, name="decision_edit"),
    path("awards/<int:pk>/awardees/new/", awards.award_add, name="award_add"),
    path("awards/<int:pk>/nominate/", awards.nominate, name="nominate"),
    path("awards/<int:pk>/decide/", awards.decide, name="decide"),
    path("awardees/<int:pk>/edit/", awards.award_edit, name="award_edit"),
    path("awardees/<int:pk>/delete/", awards.award_delete, name="award_delete"),
    path("awardees/<int:pk>/certificate.pdf", awards.certificate, name="certificate"),
    path("awards/<int:pk>/certificates.pdf", awards.certificates, name="certificates"),
    path("awards/<int:pk>/decision.pdf", awards.decision_pdf, name="decision_pdf"),
    # The province dashboard
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/communes/<int:pk>/", dashboard.commune, name="dashboard_commune"),
]
