"""PDFs load our own static files and embedded images, and nothing from anywhere else."""

import base64

import pytest

from friendly_gov.pdf import _fetcher_class

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_it_serves_static_files_from_disk():
    response = _fetcher_class()().fetch("file:///static/css/app.css")
    assert b"friendly_gov" in response.read()


def test_it_serves_embedded_images():
    url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert _fetcher_class()().fetch(url).read() == PNG


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
    ],
)
def test_it_refuses_anything_else(url):
    with pytest.raises(ValueError):
        _fetcher_class()().fetch(url)
