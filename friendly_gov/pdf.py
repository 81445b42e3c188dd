"""PDF documents with WeasyPrint, from Django templates.

Templates extend `pdf/base.html`: A4, Times New Roman metrics (Liberation Serif, which has every
Vietnamese letter, shipped under static/fonts/ and loaded by @font-face, so a PDF embeds the same
fonts and breaks its lines the same way on every machine, whatever fonts the machine has), page
numbers. A document may load our own static files and images we embed
ourselves as data: URIs; any other URL (a user-written one included) is refused, never fetched.
"""

import base64
import functools
import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

DATA_IMAGE = re.compile(r"data:image/(jpeg|png);base64,([A-Za-z0-9+/=]+)")


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if match := DATA_IMAGE.fullmatch(url):
                body = base64.b64decode(match[2])
                return URLFetcherResponse(url, body, {"Content-Type": f"image/{match[1]}"})
            prefix = "/" + settings.STATIC_URL.strip("/") + "/"
            if url.startswith("file://") and prefix in url:
                found = finders.find(url.split(prefix, 1)[1].split("?")[0])
                if found:
                    with open(found, "rb") as handle:
                        return URLFetcherResponse(url, handle.read())
            raise ValueError(f"PDF resources are limited to static files and embedded images: {url[:80]}")

    return LocalOnlyFetcher


def render_document(template: str, context: dict):
    """The laid-out WeasyPrint document (pages can be counted before writing the PDF)."""
    return layout_html(render_to_string(template, context))


def layout_html(html: str):
    """Lay out a rendered PDF template (see render_document)."""
    from weasyprint import HTML

    return HTML(string=html, base_url="file:///", url_fetcher=_fetcher_class()()).render()


def render_pdf(template: str, context: dict) -> bytes:
    return render_document(template, context).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    return response
