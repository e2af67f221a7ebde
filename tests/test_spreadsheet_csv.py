"""A CSV file as Swedish Excel saves it (semicolons, Windows-1252) imports in admin like any other."""

import pytest

from pathways.models import Unit

from .test_import_export import editor_client, import_file  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_swedish_excel_csv_imports(editor_client):  # noqa: F811
    unit = Unit.objects.filter(municipality__code="2080").order_by("pk").first()
    rows = [
        "id;name;kind;principal;region;municipality;phone;source_title",
        f"{unit.pk};Rehab på Åsgatan;{unit.kind};{unit.principal};dalarna;2080;{unit.phone};Källa",
    ]
    content = "\r\n".join(rows).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # really Windows-1252, not UTF-8

    import_file(editor_client, Unit, content)
    assert Unit.objects.get(pk=unit.pk).name == "Rehab på Åsgatan"
