from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from communes.admin import UnitAutocompleteJsonView

from . import accounts, views

urlpatterns = [
    path("", views.home, name="home"),
    # The busiest URLs first: the surveys' public form, then the API (one prefix to compare for
    # every page URL), where kiosks POST their responses; then the pages of the other apps.
    path("", include("surveys.urls")),
    path("api/v1/", include("surveys.api.routes")),
    path("api/v1/", include("communes.api.routes")),
    path("api/v1/", include("dialogues.api.routes")),
    path("api/v1/", include("reports.api.routes")),
    path("", include("communes.urls")),
    path("", include("dialogues.urls")),
    path("", include("reports.urls")),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password_reset/done/", accounts.password_reset_done, name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    # The admin's own login form, rate-limited like the portal's (before the admin's URLs).
    path("admin/login/", accounts.admin_login),
    # The admin's autocompletes, units labelled as the portal's pickers label them.
    path(
        "admin/autocomplete/",
        admin.site.admin_view(UnitAutocompleteJsonView.as_view(admin_site=admin.site)),
    ),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its set-up script served from its own URL (?script), not inline: the pages'
    # Content-Security-Policy allows scripts from this server only.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs.html"),
        name="api-docs",
    ),
]

handler400 = "friendly_gov.views.bad_request"
handler403 = "friendly_gov.views.permission_denied"
handler404 = "friendly_gov.views.page_not_found"
handler500 = "friendly_gov.views.server_error"
