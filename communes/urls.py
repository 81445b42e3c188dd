from django.urls import path

from . import views

app_name = "communes"

urlpatterns = [
    path("programmes/", views.programme_list_view, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_detail_view, name="programme_detail"),
    path("units/", views.unit_list_view, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail_view, name="unit_detail"),
]
