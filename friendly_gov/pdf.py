"""PDF documents with WeasyPrint, from Django templates.

Templates extend `pdf/base.html`: A4, Times New Roman metrics (Liberation Serif, which has every
Vietnamese letter), page numbers. Static files (logos, CSS) are read from disk, never fetched.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _fetch_static_only(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher that serves /static/ files from disk and refuses everything else,
    so that a user-written URL in a document can never make the server fetch it."""
    from weasyprint.urls import default_url_fetcher

    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if url.startswith("file://"):
        path = url.removeprefix("file://")
        if prefix in path:
            relative = path.split(prefix, 1)[1]
            found = finders.find(relative)
            if found:
                return default_url_fetcher("file://" + found, *args, **kwargs)
    raise ValueError(f"PDF resources are limited to static files: {url}")


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url="file:///", url_fetcher=_fetch_static_only).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    return response
