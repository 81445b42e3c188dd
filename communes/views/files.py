"""Uploaded files are served here, and only here, after the same scope check as the page that
links them: a file outside the user's scope answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from ..models import EvidenceFile, FacilityPhoto, Pledge, ProgrammeDocument, StaffMember
from ..models.files import sniff
from ..scope import get_in_scope_or_404

# kind in the URL -> (queryset, scope path to the unit, file field)
FILES = {
    "document": (
        ProgrammeDocument.objects.all(),
        ("programme__owner_unit", "programme__enrolments__commune"),
        "file",
    ),
    "evidence": (EvidenceFile.objects.all(), "score__assessment__commune", "file"),
    "staff-photo": (StaffMember.objects.all(), "commune", "photo"),
    "pledge": (Pledge.objects.all(), "staff_member__commune", "scan"),
    "facility-photo": (FacilityPhoto.objects.all(), "check_record__commune", "image"),
}
CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def scoped_file_response(request, *, files: dict, kind: str, pk: int) -> FileResponse:
    """Serve the file `kind` of object `pk` from a registry {kind: (queryset, scope path, field)},
    after the scope check; 404 for anything unknown, outside the scope, or not an accepted type."""
    if kind not in files:
        raise Http404
    queryset, via, field = files[kind]
    obj = get_in_scope_or_404(queryset, user=request.user, via=via, pk=pk)
    stored = getattr(obj, field)
    if not stored:
        raise Http404
    handle = stored.open("rb")
    extension = sniff(handle.read(16))
    handle.seek(0)
    if extension is None:
        raise Http404
    response = FileResponse(handle, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'inline; filename="{kind}-{pk}{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@login_required
def download(request, kind: str, pk: int):
    return scoped_file_response(request, files=FILES, kind=kind, pk=pk)
