"""The CSV and XLSX formats of admin's import and export, made safe for files from anywhere.

Import: a file is refused, with one Swedish sentence and nothing imported, when it is larger than
IMPORT_MAX_BYTES, has more than IMPORT_MAX_ROWS rows, or (XLSX, a zip) declares members that unpack
to more than IMPORT_MAX_UNPACKED_BYTES: the zip's directory is read before openpyxl opens anything,
so a zip bomb never unpacks. Export: a text cell that a spreadsheet would run as a formula (it
starts with = + - @, a tab or a carriage return) is written with a leading apostrophe (OWASP's CSV
injection advice), in CSV and XLSX alike and for every user; an import takes that apostrophe off
again, so export then import changes nothing.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import forms
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RefusedFile(ValueError):
    """A file that is not read at all; its message is shown to the editor as it is."""


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def check_size(data):
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise RefusedFile(too_large())


class ImportForm(forms.ImportForm):
    """Refuses a file that is too large before it is read into memory at all."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(too_large())
        return upload


def too_large():
    return _(
        "Filen är för stor: högst %(mb)s MB går att importera. Dela upp den i flera filer."
    ) % {"mb": settings.IMPORT_MAX_BYTES // 1_000_000}


def unreadable(error):
    """The form's message for a file that could not be read (the library's names the exception)."""
    if isinstance(error, RefusedFile):
        return str(error)
    return _(
        "Filen gick inte att läsa. Kontrollera att du valt rätt format (CSV eller XLSX) och att "
        "filen är sparad från ett kalkylprogram."
    )


def check_unpacked_size(data):
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise RefusedFile(_("Filen är ingen XLSX-fil.")) from None
    if sum(member.file_size for member in members) > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise RefusedFile(
            _("XLSX-filen packas upp till mer än %(mb)s MB och importeras inte.")
            % {"mb": settings.IMPORT_MAX_UNPACKED_BYTES // 1_000_000}
        )


def checked(dataset):
    if dataset.height > settings.IMPORT_MAX_ROWS:
        raise RefusedFile(
            _("Filen har fler än %(rows)s rader. Dela upp den i flera filer.")
            % {"rows": settings.IMPORT_MAX_ROWS}
        )
    for index, row in enumerate(list(dataset)):
        dataset[index] = tuple(unescape_formula(value) for value in row)
    return dataset


def escaped(dataset):
    for index, row in enumerate(list(dataset)):
        dataset[index] = tuple(escape_formula(value) for value in row)
    dataset.headers = [escape_formula(header) for header in dataset.headers or ()]
    return dataset


class CSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        check_size(in_stream)
        return checked(super().create_dataset(in_stream, **kwargs))

    def export_data(self, dataset, **kwargs):
        return super().export_data(escaped(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        check_size(in_stream)
        check_unpacked_size(in_stream)
        return checked(super().create_dataset(in_stream))

    def export_data(self, dataset, **kwargs):
        return super().export_data(escaped(dataset), **kwargs)
