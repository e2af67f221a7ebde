"""CSV as spreadsheets save it: Swedish Excel writes semicolons and Windows-1252, others commas
and UTF-8. The file is read as bytes and both are recognised, so an editor can import what their
spreadsheet saved without choosing an encoding or a separator."""

import csv

from .. import safe_files

SEPARATORS = ",;\t"


def decoded(data: bytes) -> str:
    if b"\x00" in data:  # no CSV text holds NUL bytes: a binary or UTF-16 file, not readable here
        raise ValueError("not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def separator(text: str) -> str:
    header = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=SEPARATORS).delimiter
    except csv.Error:
        return ","


class SpreadsheetCSV(safe_files.CSV):
    """safe_files.CSV (its limits and formula handling), reading either kind of file."""

    def is_binary(self):
        return True  # read as bytes: the encoding is found from the file, not assumed

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decoded(in_stream) if isinstance(in_stream, bytes) else in_stream
        return super().create_dataset(text, delimiter=separator(text))
