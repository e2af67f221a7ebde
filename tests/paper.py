"""Reading a PDF as a reader meets it: its text, whitespace collapsed (lines break anywhere on
paper). Every test that reads a PDF's words uses this."""

import pypdfium2


def pdf_text(body):
    document = pypdfium2.PdfDocument(body)
    return " ".join(" ".join(page.get_textpage().get_text_range() for page in document).split())
