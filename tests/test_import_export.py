"""Import and export in admin, as an editor uses them: a file is previewed before anything is saved,
one bad row imports nothing, errors are in plain Swedish, export then import changes nothing, an
import never touches review dates, and an editor imports and exports only their own regions."""

import csv
import io
import json

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways import catalog, phone
from pathways.models import Guidance, Region, Unit

from .html import parse, text_of
from .staff_fixtures import make_user, sign_in

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the indexes of UnitAdmin.formats
# Numbers from the range PTS keeps for fiction (070-174 06 05 … 99): never a real person's.
FICTIONAL = "070-174 06 05"
COLUMNS = ["id", "name", "kind", "principal", "region", "municipality", "phone", "source_title"]


def csv_text(*rows, columns=(*COLUMNS, "reviewed_on", "compared_with")):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def url(model, view):
    return reverse(f"admin:pathways_{model._meta.model_name}_{view}")


@pytest.fixture
def editor_client(client):
    user = make_user("dora", is_staff=True)
    user.groups.add(Group.objects.get(name="Regional redaktör"))
    Region.objects.get(slug="dalarna").editors.add(user)
    assert sign_in(client, user).status_code == 302
    return client


def preview(client, model, content, fmt=CSV, name="enheter.csv"):
    upload = SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)
    return client.post(
        url(model, "import"), {"resource": "0", "import_file": upload, "format": fmt}
    )


def confirm(client, model, previewed):
    form = previewed.context["confirm_form"]
    return client.post(url(model, "process_import"), form.initial, follow=True)


def import_file(client, model, content, fmt=CSV, name="enheter.csv"):
    previewed = preview(client, model, content, fmt, name)
    assert previewed.context.get("confirm_form"), row_errors(previewed)
    return confirm(client, model, previewed)


def row_errors(response):
    result = response.context["result"]
    invalid = [m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms]
    return invalid + [str(error.error) for _, errors in result.row_errors() for error in errors]


def export(client, model, fmt=CSV):
    form = client.get(url(model, "export")).context["form"]
    chosen = {n: "on" for n, f in form.fields.items() if isinstance(f, forms.BooleanField)}
    response = client.post(url(model, "export"), {"resource": "0", "format": fmt, **chosen})
    assert response.status_code == 200
    return response.content


def snapshot(model):
    return list(model.objects.order_by("pk").values())


def falun_unit():
    return Unit.objects.filter(municipality__code="2080").order_by("pk").first()


def test_a_good_file_is_previewed_then_imported_with_phone_numbers_normalised(editor_client):
    existing = falun_unit()
    reviewed_on = existing.reviewed_on
    version = catalog.data_version("dalarna")
    content = csv_text(
        [existing.pk, existing.name, existing.kind, existing.principal, "dalarna", "2080"]
        + [FICTIONAL, existing.source_title, "2026-11-30", "sida"],
        ["", "Testmottagning", "annat", "kommun", "dalarna", "2080", "070-174 06 06"]
        + ["Testkälla", "2026-11-20", "kopia"],
    )
    previewed = preview(editor_client, Unit, content)
    assert previewed.context["confirm_form"]
    assert not Unit.objects.filter(name="Testmottagning").exists()  # nothing saved yet
    totals = previewed.context["result"].totals
    assert (totals["new"], totals["update"]) == (1, 1)

    confirm(editor_client, Unit, previewed)
    existing.refresh_from_db()
    new = Unit.objects.get(name="Testmottagning")
    assert existing.phone == "+46701740605"
    assert existing.reviewed_on == reviewed_on  # the file's 2026-11-30 is not a review
    assert existing.compared_with == ""  # nor its "sida": nobody compared the row here
    assert (new.phone, new.region.slug, new.municipality.code) == (
        "+46701740606",
        "dalarna",
        "2080",
    )
    assert (new.reviewed_on.isoformat(), new.compared_with, new.reviewed_by) == (
        "2026-11-20",
        "kopia",
        None,
    )
    assert catalog.data_version("dalarna") > version  # maps show the import at once
    assert existing.history.latest("history_date").history_user.username == "dora"


def test_one_bad_row_imports_nothing_and_says_why_in_swedish(editor_client):
    before = snapshot(Unit)
    content = csv_text(
        ["", "Första", "annat", "kommun", "dalarna", "2080", "", "Testkälla", "2026-11-20"],
        ["", "Andra", "annat", "kommun", "dalarna", "2080", "12345", "Testkälla", "2026-11-20"],
        ["", "Tredje", "annat", "kommun", "dalarna", "9999", "", "Testkälla", "2026-11-20"],
        ["", "Fjärde", "okand-typ", "kommun", "dalarna", "2080", "", "Testkälla", "2026-11-20"],
    )
    previewed = preview(editor_client, Unit, content)
    assert not previewed.context.get("confirm_form")
    errors = row_errors(previewed)
    assert "Skriv ett svenskt telefonnummer, t.ex. 070-174 06 05." in errors
    assert "Värdet ”9999” i kolumnen ”municipality” finns inte." in errors
    assert "Värdet 'okand-typ' är inget giltigt alternativ." in errors
    assert snapshot(Unit) == before


def test_an_editor_cannot_import_into_another_region(editor_client):
    before = snapshot(Unit)
    luleå = Unit.objects.filter(region__slug="norrbotten", municipality__isnull=False).first()
    content = csv_text(
        [
            "",
            "Ny i Luleå",
            "annat",
            "kommun",
            "norrbotten",
            "2580",
            "",
            "Testkälla",
            "2026-11-20",
            "kopia",
        ],
        [luleå.pk, "Flyttad", "annat", "kommun", "dalarna", "2080", "", "Testkälla", "2026-11-20"]
        + ["kopia"],
    )
    previewed = preview(editor_client, Unit, content)
    assert not previewed.context.get("confirm_form")
    assert row_errors(previewed) == [
        "Du kan bara importera till regioner du är redaktör för.",
        "Raden hör till en region du inte är redaktör för.",
    ]
    assert snapshot(Unit) == before


def test_an_editor_exports_only_their_regions(editor_client):
    rows = list(csv.DictReader(io.StringIO(export(editor_client, Unit).decode())))
    assert {row["region"] for row in rows} == {"dalarna"}
    assert len(rows) == Unit.objects.filter(region__slug="dalarna").count()


def test_the_units_export_writes_numbers_as_a_person_writes_them(editor_client):
    rows = csv.DictReader(io.StringIO(export(editor_client, Unit).decode()))
    phones = {row["phone"] for row in rows if row["phone"]}
    stored = set(
        Unit.objects.filter(region__slug="dalarna")
        .exclude(phone="")
        .values_list("phone", flat=True)
    )
    assert stored and all(number.startswith("+46") for number in stored)
    assert phones == {phone.display(number) for number in stored}


# Each format once and each model once: they are separate layers (tablib reads the file into rows,
# the model's resource reads the rows), so the two pairs cover all four.
@pytest.mark.parametrize(
    ("model", "fmt", "name"),
    [(Unit, XLSX, "data.xlsx"), (Guidance, CSV, "data.csv")],
    ids=["Unit-xlsx", "Guidance-csv"],
)
def test_export_then_import_changes_nothing(admin_client, model, fmt, name):
    before = snapshot(model)
    previewed = preview(admin_client, model, export(admin_client, model, fmt), fmt, name)
    totals = previewed.context["result"].totals
    assert (totals["new"], totals["update"], totals["error"], totals["invalid"]) == (0, 0, 0, 0)
    assert totals["skip"] == len(before)
    confirm(admin_client, model, previewed)
    assert snapshot(model) == before


def test_an_import_never_changes_review_dates(admin_client):
    row = falun_unit()
    [exported] = [
        line
        for line in csv.DictReader(io.StringIO(export(admin_client, Unit).decode()))
        if line["id"] == str(row.pk)
    ]
    changed = {**exported, "reviewed_on": "2025-01-01", "compared_with": "sida"}
    changed["contact_reviewed_on"] = "2030-01-01"
    changed["opening_hours"] = "Vardagar 8–16"  # a change, so the row is saved
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(exported))
    writer.writeheader()
    writer.writerow(changed)
    import_file(admin_client, Unit, out.getvalue())
    fresh = Unit.objects.get(pk=row.pk)
    assert fresh.opening_hours == "Vardagar 8–16"
    assert (fresh.reviewed_on, fresh.compared_with, fresh.contact_reviewed_on) == (None, "", None)


def test_the_hsds_export_lists_the_editors_directory(editor_client):
    row = falun_unit()
    Unit.objects.filter(pk=row.pk).update(
        phone="+46701740605", address="Testgatan 1", reviewed_on="2026-11-30", compared_with="sida"
    )
    response = editor_client.get(reverse("admin:pathways_unit_hsds"))
    directory = json.loads(response.content)
    assert set(directory) == {"organizations", "services", "locations", "phones"}
    names = {org["name"] for org in directory["organizations"]}
    assert "Region Dalarna" in names and "Region Norrbotten" not in names
    services = {s["id"]: s for s in directory["services"]}
    assert len(services) == Unit.objects.filter(region__slug="dalarna").count()
    [phone] = [p for p in directory["phones"] if services[p["service_id"]]["name"] == row.name]
    assert phone["number"] == "+46701740605"  # E.164, as the public HSDS API
    [location] = [loc for loc in directory["locations"] if loc["name"] == row.name]
    assert location["addresses"][0]["city"] == "Falun"
    assert services[phone["service_id"]]["assured_date"] == "2026-11-30"


def test_the_preview_lists_only_the_changed_row_in_words(admin_client):
    """The whole export back with one number changed: one row listed, saying what changes (its
    column, before and after, as the editor reads them), the rest only counted."""
    row, other = Unit.objects.filter(region__slug="dalarna", phone="").order_by("pk")[:2]
    lines = list(csv.DictReader(io.StringIO(export(admin_client, Unit).decode())))
    for line in lines:
        if line["id"] == str(row.pk):
            line["phone"] = FICTIONAL
            line["kind"] = "annat"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(lines[0]))
    writer.writeheader()
    writer.writerows(lines)

    previewed = preview(admin_client, Unit, out.getvalue())
    page = parse(previewed)
    [change] = import_changes(page)
    line = next(number for number, line in enumerate(lines, 2) if line["id"] == str(row.pk))
    assert change.startswith(f"Rad {line}: Ändrad – {row.name}")
    assert "Telefon (phone): tomt → 070-174 06 05" in change
    assert f"Typ (kind): {row.get_kind_display()} → Annat" in change  # labels, not codes
    assert other.name not in page.text  # unchanged rows are counted, not listed
    assert not page.select("table.import-preview")  # no table of every row
    skipped = previewed.context["result"].totals["skip"]
    assert page.select_one(".import-counts").text == f"1 ändrad, {skipped} oförändrade"
    assert not Unit.objects.get(pk=row.pk).phone  # nothing saved before the confirmation


def import_changes(page):
    """Each listed change in words, as a person reads it."""
    return [text_of(item) for item in page.select(".import-changes > li")]
