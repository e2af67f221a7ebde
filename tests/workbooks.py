"""Region workbooks for the import tests (pathways.workbook), read and changed with openpyxl.

An import reads only the sheets a workbook has; the region's other rows stay as they are. So a test
about one sheet imports that sheet and the Region sheet (which names the region), not all of the
region's two hundred rows, each of which an import reads, compares and, if changed, validates.
"""

import io

import openpyxl


def opened(content):
    """A workbook's XLSX bytes (e.g. the session's `region_workbooks`), as openpyxl reads them."""
    return openpyxl.load_workbook(io.BytesIO(content))


def only_sheets(book, *sheets):
    """`book` with its Region sheet and `sheets`, the others taken out."""
    for title in book.sheetnames:
        if title not in ("Region", *sheets):
            del book[title]
    return book
