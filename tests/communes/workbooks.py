"""XLSX files written part by part with zipfile, for sizes openpyxl's writer would take minutes to
produce: a million rows, a sheet that unpacks to more than the import accepts. Used by the import
tests and by bench/activity_import.py."""

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def row(*values: str | int | float | bytes, number: int | str | None = None) -> bytes:
    """One <row>: numbers as number cells, text as inline strings, bytes as a cell's own XML."""
    cells = []
    for value in values:
        if isinstance(value, bytes):
            cells.append(value.decode())
        elif isinstance(value, int | float):
            cells.append(f"<c><v>{value}</v></c>")
        else:
            cells.append(f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    attribute = f' r="{number}"' if number is not None else ""
    return f"<row{attribute}>{''.join(cells)}</row>".encode()


def streamed_xlsx(
    chunks: Iterable[bytes], *, dimension: str | None = None, padding: int = 0, parts: dict | None = None
) -> bytes:
    """A workbook of one sheet whose <sheetData> is `chunks` (rows' XML), written as it comes.
    `dimension` is the size the sheet declares (true or not); `padding` adds that many bytes of
    blank space to the sheet's XML, which compress to almost nothing; `parts` adds parts by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for chunk in chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData>")
            blank = b" " * 1_048_576
            while padding > 0:
                sheet.write(blank[:padding])
                padding -= len(blank)
            sheet.write(b"</worksheet>")
    return buffer.getvalue()


def repeated(chunk: bytes, times: int) -> Iterable[bytes]:
    """`chunk` `times` times, a thousand at a time."""
    block = chunk * 1000
    for _ in range(times // 1000):
        yield block
    yield chunk * (times % 1000)
