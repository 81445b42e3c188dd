from django.urls import path

from . import views

app_name = "dialogues"

urlpatterns = [
    # Officers and province staff
    path("feedback/", views.inbox, name="inbox"),
    path("feedback/bulk-assign/", views.bulk_assign, name="bulk_assign"),
    path("feedback/overview/", views.overview, name="overview"),
    path("feedback/categories/", views.category_list, name="category_list"),
    path("feedback/categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/<slug:action>/", views.feedback_action, name="feedback_action"),
    path("units/<int:commune_pk>/feedback/new/", views.feedback_new, name="feedback_new"),
    path("apology-slips/<int:pk>/", views.apology_slip, name="apology_slip"),
    path("dialogue-files/<slug:kind>/<int:pk>/", views.download, name="file"),
    path("dialogues/", views.dialogue_list, name="dialogue_list"),
    path("dialogues/<int:pk>/", views.dialogue_detail, name="dialogue_detail"),
    path("dialogues/<int:pk>/items/new/", views.dialogue_raise_item, name="dialogue_raise_item"),
    path("dialogues/<int:pk>/commitments/new/", views.commitment_add, name="commitment_add"),
    path("units/<int:commune_pk>/dialogues/new/", views.dialogue_new, name="dialogue_new"),
    path("commitments/<int:pk>/done/", views.commitment_done, name="commitment_done"),
    path("box-openings/<int:pk>/feedback/", views.box_opening_items, name="box_opening_items"),
    # Citizens, without an account
    path("gop-y/", views.public_start, name="public_start"),
    path("gop-y/<int:commune_pk>/", views.public_submit, name="public_submit"),
    path("gop-y/da-gui/", views.public_submitted, name="public_submitted"),
    path("tra-cuu/", views.public_status, name="public_status"),
    path("tra-cuu/<str:code>/tra-loi/", views.public_follow_up, name="public_follow_up"),
]
