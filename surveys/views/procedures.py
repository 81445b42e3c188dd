"""The list of administrative procedures (thủ tục hành chính) citizens are asked about: read by
every signed-in user, kept by province administrators (403 for anyone else). A procedure that
responses refer to is taken out of use, never deleted."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communes.scope import can_configure
from friendly_gov.forms import form_page
from friendly_gov.tables import Column, export_response, paginate, requested_export

from .. import selectors, services
from ..filters import ServiceFilter
from ..forms import ServiceForm
from ..models import Service


@login_required
def service_list(request):
    filterset = ServiceFilter(
        request.GET, queryset=selectors.service_list(), fields=selectors.service_fields()
    )
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Tên thủ tục"), lambda s: s.name),
            Column(_("Lĩnh vực"), lambda s: s.field),
            Column(_("Đang sử dụng"), lambda s: _("Có") if s.is_active else _("Không")),
        ]
        return export_response(fmt=fmt, filename="thu-tuc-hanh-chinh", columns=columns, rows=filterset.qs)
    return render(
        request,
        "surveys/service_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, filterset.qs),
            "can_configure": can_configure(request.user),
        },
    )


def _form_page(request, form, *, title: str, save, success: str):
    """A procedure's form (friendly_gov.forms.form_page): back to the list on success."""
    return form_page(
        request,
        form,
        save=save,
        done=lambda service: (success % {"name": service.name}, reverse("surveys:service_list")),
        title=title,
        back_url=reverse("surveys:service_list"),
        back_label=_("Thủ tục hành chính"),
    )


@login_required
def service_create(request):
    if not can_configure(request.user):
        raise PermissionDenied
    form = ServiceForm(request.POST or None)
    del form.fields["is_active"]  # a new procedure is in use
    return _form_page(
        request,
        form,
        title=_("Thêm thủ tục hành chính"),
        save=lambda data: services.service_create(by=request.user, **data),
        success=_("Đã thêm thủ tục “%(name)s”."),
    )


@login_required
def service_update(request, pk: int):
    if not can_configure(request.user):
        raise PermissionDenied
    service = get_object_or_404(Service, pk=pk)
    return _form_page(
        request,
        ServiceForm(request.POST or None, instance=service),
        title=_("Sửa thủ tục hành chính"),
        # The form cleans onto `service`; the service gets a fresh row to compare with.
        save=lambda data: services.service_update(
            service=get_object_or_404(Service, pk=pk), by=request.user, **data
        ),
        success=_("Đã lưu thủ tục “%(name)s”."),
    )
