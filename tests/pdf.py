"""Reading the portal's PDFs back with poppler (Debian's poppler-utils): their text and fonts."""

import re
import subprocess
import tempfile
from pathlib import Path

#: The fonts a PDF of the portal may embed: the project's Liberation Serif (static/fonts/), which
#: WeasyPrint names after its @font-face family, as a subset ("ABCDEF+" prefix).
PROJECT_FONT = re.compile(r"[A-Z]{6}\+Friendly-Gov-Serif(-Bold|-Italic|-Bold-Italic)?")


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_text(pdf: bytes, *args: str) -> str:
    """pdftotext's reading of the PDF (pass "-layout" or "-raw" for its modes)."""
    return _poppler("pdftotext", pdf, *args)


def pdf_pages(pdf: bytes) -> int:
    info = _poppler("pdfinfo", pdf)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(name, embedded) of every font pdffonts lists."""
    rows = _poppler("pdffonts", pdf).splitlines()[2:]
    # name, type (may hold a space), encoding, emb, sub, uni, object id, generation
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]


def assert_project_fonts_only(pdf: bytes) -> None:
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF has no font"
    strangers = [name for name, embedded in fonts if not (embedded and PROJECT_FONT.fullmatch(name))]
    assert strangers == [], f"fonts other than the project's embedded ones: {strangers}"
