"""Reading a PDF as a reader meets it: its text, whitespace collapsed (lines break anywhere on
paper), and the size each letter is printed at. Every test that reads a PDF's words uses this."""

import math

import pypdfium2
import pypdfium2.raw as pdfium


def pdf_text(body):
    document = pypdfium2.PdfDocument(body)
    return " ".join(" ".join(page.get_textpage().get_text_range() for page in document).split())


def font_sizes(body):
    """Each printed (not blank) character's size in points as it stands on the page: the font's
    size times the scale of the text's matrix (WeasyPrint sets 12 pt as a 16 px font scaled 0.75)."""
    sizes = []
    matrix = pdfium.FS_MATRIX()
    for page in pypdfium2.PdfDocument(body):
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            if textpage.get_text_range(index, 1).isspace():
                continue
            pdfium.FPDFText_GetMatrix(textpage, index, matrix)
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            sizes.append(pdfium.FPDFText_GetFontSize(textpage, index) * scale)
    return sizes
