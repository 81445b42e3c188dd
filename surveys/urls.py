from django.urls import path

from .dossiers import views as dossiers
from .views import desk, procedures, public, results, templates

app_name = "surveys"

urlpatterns = [
    # Public pages for citizens: short URLs for QR codes ("ks" = khảo sát).
    path("ks/<int:commune_pk>/", public.survey_form, name="form"),
    path("ks/<int:commune_pk>/cam-on/", public.thanks, name="thanks"),
    path("ks/<int:commune_pk>/kiosk/", public.kiosk, name="kiosk"),
    path("ks/<int:commune_pk>/kiosk/cam-on/", public.kiosk_thanks, name="kiosk_thanks"),
    path("ks/kiosk-sw.js", public.kiosk_worker, name="kiosk_worker"),
    path("ks/ma/", public.code_lookup, name="code_lookup"),
    path("ks/m/<str:code>/", public.code_form, name="code_form"),
    # The QR code printed on a dossier's receipt.
    path("ks/hs/<str:code>/", dossiers.dossier_form, name="dossier_form"),
    # Results and the desk's tools.
    path("khao-sat/", results.results, name="results"),
    path("khao-sat/phieu/", results.response_list_view, name="response_list"),
    path("khao-sat/xa/<int:pk>/", desk.commune_surveys, name="commune"),
    path("khao-sat/xa/<int:pk>/quay/moi/", desk.desk_create, name="desk_create"),
    path("khao-sat/xa/<int:pk>/ap-phich.pdf", desk.poster_pdf, name="poster_pdf"),
    path("khao-sat/xa/<int:pk>/ma/moi/", desk.code_create, name="code_create"),
    path("khao-sat/xa/<int:pk>/phieu-giay/moi/", desk.batch_create, name="batch_create"),
    path("khao-sat/xa/<int:pk>/so-lieu/moi/", desk.tally_create, name="tally_create"),
    path("khao-sat/ma/", desk.code_list, name="code_list"),
    path("khao-sat/ma/<int:pk>/", desk.code_slip, name="code_slip"),
    path("khao-sat/phieu-giay/", desk.batch_list, name="batch_list"),
    path("khao-sat/phieu-giay/<int:pk>/", desk.batch_detail, name="batch_detail"),
    path("khao-sat/phieu-giay/<int:pk>/nhap/", desk.batch_entry, name="batch_entry"),
    path("khao-sat/phieu-giay/<int:pk>/kiem-tra/", desk.batch_check, name="batch_check"),
    path("khao-sat/phieu-giay/<int:pk>/anh/", desk.batch_photo, name="batch_photo"),
    path("khao-sat/so-lieu/", desk.tally_list, name="tally_list"),
    path("khao-sat/so-lieu/<int:pk>/xoa/", desk.tally_delete, name="tally_delete"),
    path("khao-sat/mau-phieu/", templates.template_list, name="template_list"),
    path("khao-sat/mau-phieu/<int:pk>/", templates.template_detail, name="template_detail"),
    path("khao-sat/mau-phieu/<int:pk>/cong-bo/", templates.template_publish, name="template_publish"),
    path(
        "khao-sat/mau-phieu/<int:pk>/phien-ban-moi/",
        templates.template_new_version,
        name="template_new_version",
    ),
    path("khao-sat/mau-phieu/<int:pk>/cau-hoi/moi/", templates.question_create, name="question_create"),
    path("khao-sat/cau-hoi/<int:pk>/sua/", templates.question_update, name="question_update"),
    path("khao-sat/cau-hoi/<int:pk>/xoa/", templates.question_delete, name="question_delete"),
    path("ho-so/", dossiers.dossier_list, name="dossier_list"),
    path("ho-so/nhap/", dossiers.dossier_import, name="dossier_import"),
    path("ho-so/chi-so/", dossiers.dossier_indicators, name="dossier_indicators"),
    path("ho-so/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path("ho-so/phieu-xin-loi/<int:pk>/", dossiers.dossier_slip_pdf, name="dossier_slip_pdf"),
    path("khao-sat/thu-tuc/", procedures.service_list, name="service_list"),
    path("khao-sat/thu-tuc/moi/", procedures.service_create, name="service_create"),
    path("khao-sat/thu-tuc/<int:pk>/sua/", procedures.service_update, name="service_update"),
]
