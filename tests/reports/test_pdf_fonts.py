"""A review PDF is the same on every machine: it embeds only the project's fonts (static/fonts/),
and laid out where no font at all is installed it has the same pages and the same lines."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from friendly_gov.pdf import layout_html
from reports.selectors import review_document
from tests.pdf import assert_project_fonts_only, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Fontconfig with no font folder: the process sees no system font at all.
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""
LAYOUT = """
import sys
import django
django.setup()
from friendly_gov.pdf import layout_html
html = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "wb").write(layout_html(html).write_pdf())
"""


def test_it_embeds_only_the_projects_fonts_and_lays_out_alike_on_a_machine_without_fonts(
    review, ls_data, tmp_path
):
    html = render_to_string("pdf/review.html", review_document(review=review))
    here = layout_html(html).write_pdf()
    assert_project_fonts_only(here)

    source = tmp_path / "review.html"
    source.write_text(html, encoding="utf-8")
    config = tmp_path / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "fontconfig-cache"))
    target = tmp_path / "bare.pdf"
    run = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", LAYOUT, str(source), str(target)],
        cwd=ROOT,
        env={**os.environ, "FONTCONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "friendly_gov.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    bare = target.read_bytes()

    assert "unsupported by fonts" not in run.stderr  # no glyph drawn as .notdef
    assert_project_fonts_only(bare)
    assert pdf_pages(bare) == pdf_pages(here) >= 3
    assert pdf_text(bare, "-layout") == pdf_text(here, "-layout")
    # The national heading fits on one line in the Times New Roman metrics.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(bare, "-layout")
