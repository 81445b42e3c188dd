from django.urls import path

from .views import files, programmes, units

app_name = "communes"

urlpatterns = [
    path("programmes/", programmes.programme_list_view, name="programme_list"),
    path("programmes/<int:pk>/", programmes.programme_detail_view, name="programme_detail"),
    path("units/", units.unit_list_view, name="unit_list"),
    path("units/<int:pk>/", units.unit_detail_view, name="unit_detail"),
    path("files/<slug:kind>/<int:pk>/", files.download, name="file"),
]
