from django.urls import path

from .views import activity, files, programmes, units

app_name = "communes"

urlpatterns = [
    path("programmes/", programmes.programme_list_view, name="programme_list"),
    path("programmes/<int:pk>/", programmes.programme_detail_view, name="programme_detail"),
    path("programmes/new/", programmes.programme_create_view, name="programme_create"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit_view, name="programme_edit"),
    path("programmes/<int:pk>/documents/new/", programmes.document_add_view, name="document_add"),
    path("documents/<int:pk>/delete/", programmes.document_delete_view, name="document_delete"),
    path("programmes/<int:pk>/enrolments/new/", programmes.enrolment_add_view, name="enrolment_add"),
    path("enrolments/<int:pk>/edit/", programmes.enrolment_edit_view, name="enrolment_edit"),
    path("programmes/<int:pk>/steering/new/", programmes.steering_add_view, name="steering_add"),
    path("steering/<int:pk>/delete/", programmes.steering_delete_view, name="steering_delete"),
    path("units/", units.unit_list_view, name="unit_list"),
    path("units/<int:pk>/", units.unit_detail_view, name="unit_detail"),
    path("files/<slug:kind>/<int:pk>/", files.download, name="file"),
    # Activity log of a commune
    path("units/<int:commune_pk>/activity/new/", activity.activity_new, name="activity_new"),
    path("units/<int:commune_pk>/activity/tally/", activity.activity_tally_new, name="activity_tally_new"),
    path("units/<int:commune_pk>/box-openings/new/", activity.box_opening_new, name="box_opening_new"),
    path("units/<int:commune_pk>/checks/new/", activity.facility_check_new, name="facility_check_new"),
    path("units/<int:commune_pk>/inspections/new/", activity.inspection_new, name="inspection_new"),
    path("activity/", activity.activity_list, name="activity_list"),
    path("activity/import/", activity.activity_import, name="activity_import"),
    path("box-openings/", activity.box_opening_list, name="box_opening_list"),
    path("checks/", activity.facility_check_list, name="facility_check_list"),
    path("checks/<int:pk>/", activity.facility_check_detail, name="facility_check_detail"),
    path("inspections/", activity.inspection_list, name="inspection_list"),
    path("inspections/<int:pk>/", activity.inspection_detail, name="inspection_detail"),
    path("follow-ups/<int:pk>/complete/", activity.follow_up_complete, name="follow_up_complete"),
]
