"""A region's workbook in admin: an editor downloads their region's workbook, imports a changed one
with a preview in words (counts per sheet, only the changed rows), nothing saved until they
confirm, then all or nothing; another region's workbook, a kind of row they may not change, a bad
row or a file too large imports nothing, each said in Swedish."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways import phone
from pathways.models import Region, Unit

from .html import parse, text_of
from .staff_fixtures import make_user, sign_in
from .workbooks import only_sheets, opened

pytestmark = pytest.mark.django_db

FICTIONAL = "070-174 06 05"  # PTS's range for fiction: never a real number
IMPORT = reverse("workbook_import")


def editor_of(client, slug, username):
    user = make_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name="Regional redaktör"))
    Region.objects.get(slug=slug).editors.add(user)
    assert sign_in(client, user).status_code == 302
    return user


@pytest.fixture
def dalarna_editor(client):
    return editor_of(client, "dalarna", "dora")


def download(client, slug):
    response = client.get(reverse("workbook_export", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.xlsx"'
    return openpyxl.load_workbook(io.BytesIO(response.content))


def edit(book, sheet, match, column, value):
    """Sets `column` of the row whose key (its ID, or the sheet's first column) is `match`."""
    headers = [cell.value for cell in book[sheet][1]]
    for row in book[sheet].iter_rows(min_row=2):
        if row[headers.index("ID" if "ID" in headers else headers[0])].value == match:
            row[headers.index(column)].value = value
            return
    raise AssertionError(f"no row {match} in {sheet}")


def upload(client, book, name="arbetsbok.xlsx"):
    out = io.BytesIO()
    book.save(out)
    return client.post(IMPORT, {"workbook": SimpleUploadedFile(name, out.getvalue())})


def sheet_section(page, title):
    [section] = [s for s in page.select(".import-sheet") if text_of(s.h3) == f"Bladet {title}"]
    return section


def confirm(client, response):
    token = parse(response).select_one("input[name=token]")["value"]
    return client.post(IMPORT, {"token": token})


def dalarna_unit():
    return Unit.objects.get(municipality__code="2080", kind="halsocentral")


def restored_in_storage_form(dalarna_rows):
    """Rows whose stored number is not in the form an import stores (+46…): an import of an
    unchanged workbook saves them in that form, and says so."""
    return [u for u in dalarna_rows if u.phone and phone.normalise(u.phone) != u.phone]


def test_the_admin_index_links_the_editors_own_workbook_only(client, dalarna_editor):
    page = parse(client.get(reverse("admin:index")))
    links = {a["href"] for a in page.select(".workbook-links a")}
    assert reverse("workbook_export", args=["dalarna"]) in links
    assert reverse("workbook_export", args=["norrbotten"]) not in links
    assert IMPORT in links


def test_an_editor_downloads_their_regions_workbook_and_not_anothers(client, dalarna_editor):
    book = download(client, "dalarna")
    assert "Enheter" in book.sheetnames
    assert client.get(reverse("workbook_export", args=["norrbotten"])).status_code == 404


def test_a_changed_workbook_is_previewed_in_words_then_saved_on_confirmation(
    client, dalarna_editor
):
    unit = dalarna_unit()
    book = download(client, "dalarna")
    edit(book, "Enheter", unit.pk, "Telefon", FICTIONAL)
    previewed = upload(client, book)
    page = parse(previewed)

    assert Unit.objects.get(pk=unit.pk).phone == unit.phone  # nothing saved yet
    assert (
        text_of(sheet_section(page, "Kommuner")) == "Bladet Kommuner 15 oförändrade Inget ändras."
    )
    units = sheet_section(page, "Enheter")
    listed = [text_of(li) for li in units.select(".import-changes > li")]
    before = phone.display(unit.phone) or "tomt"
    assert f"Ändrad – {unit.name} Telefon: {before} → {FICTIONAL}" in " | ".join(listed)
    dalarna = Unit.objects.filter(region__slug="dalarna")
    assert len(listed) == 1 + len(restored_in_storage_form(dalarna.exclude(pk=unit.pk)))
    unchanged = dalarna.filter(phone="").exclude(pk=unit.pk).first()
    assert unchanged.name not in units.text  # unchanged rows are counted, never listed

    saved = confirm(client, previewed)
    assert saved.status_code == 302
    fresh = Unit.objects.get(pk=unit.pk)
    assert phone.display(fresh.phone) == FICTIONAL
    assert fresh.history.latest("history_date").history_user == dalarna_editor
    assert fresh.reviewed_on == unit.reviewed_on  # an import is not a review


def test_one_bad_row_imports_nothing_and_says_where_in_swedish(
    client, dalarna_editor, region_workbooks
):
    unit = dalarna_unit()
    book = only_sheets(opened(region_workbooks["dalarna"]), "Enheter")
    edit(book, "Enheter", unit.pk, "Telefon", FICTIONAL)
    edit(book, "Enheter", unit.pk, "Typ", "okänd typ")
    page = parse(upload(client, book))
    errors = [text_of(li) for li in page.select(".errorlist li")]
    assert any(e.startswith("Blad Enheter, rad ") and "kolumn Typ" in e for e in errors), errors
    assert not page.select("input[name=token]")  # nothing to confirm
    assert Unit.objects.get(pk=unit.pk).phone == unit.phone


def test_an_editor_cannot_import_another_regions_workbook(client, dalarna_editor, region_workbooks):
    book = only_sheets(opened(region_workbooks["norrbotten"]), "Enheter")
    luleå = Unit.objects.filter(region__slug="norrbotten").order_by("pk").first()
    edit(book, "Enheter", luleå.pk, "Telefon", FICTIONAL)
    page = parse(upload(client, book))
    assert "Arbetsboken gäller en region du inte är redaktör för. Inget importerades." in text_of(
        page.select_one(".errorlist")
    )
    assert Unit.objects.get(pk=luleå.pk).phone == luleå.phone


def test_a_superuser_imports_any_region(admin_client):
    luleå = Unit.objects.filter(region__slug="norrbotten").order_by("pk").first()
    book = only_sheets(download(admin_client, "norrbotten"), "Enheter")
    edit(book, "Enheter", luleå.pk, "Telefon", FICTIONAL)
    assert confirm(admin_client, upload(admin_client, book)).status_code == 302
    assert phone.display(Unit.objects.get(pk=luleå.pk).phone) == FICTIONAL


def test_an_editor_cannot_change_what_admin_does_not_let_them(
    client, dalarna_editor, region_workbooks
):
    """Editors change their region's content, not the region itself: a renamed region is
    refused, and nothing else in the workbook is saved either."""
    unit = dalarna_unit()
    book = only_sheets(opened(region_workbooks["dalarna"]), "Enheter")
    edit(book, "Region", "dalarna", "Namn", "Region Dalarna (ändrad)")
    edit(book, "Enheter", unit.pk, "Telefon", FICTIONAL)
    page = parse(upload(client, book))
    errors = [text_of(li) for li in page.select(".errorlist li")]
    assert "Blad Region, rad 2: du får inte ändra regioner här." in " ".join(errors), errors
    assert Region.objects.get(slug="dalarna").name == "Region Dalarna"
    assert Unit.objects.get(pk=unit.pk).phone == unit.phone


def test_a_confirmation_is_the_uploaders_own(client, dalarna_editor, region_workbooks):
    book = only_sheets(opened(region_workbooks["dalarna"]), "Enheter")
    edit(book, "Enheter", dalarna_unit().pk, "Telefon", FICTIONAL)
    previewed = upload(client, book)
    token = parse(previewed).select_one("input[name=token]")["value"]
    other = client.__class__()
    editor_of(other, "dalarna", "dan")
    assert other.post(IMPORT, {"token": token}).status_code == 403
    assert other.post(IMPORT, {"token": token + "x"}).status_code == 403


def test_a_file_over_the_size_limit_is_refused_unread(client, dalarna_editor, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = client.post(IMPORT, {"workbook": SimpleUploadedFile("stor.xlsx", b"x" * 2000)})
    assert "Filen är för stor" in text_of(parse(response).select_one(".errorlist"))


def test_a_file_that_is_not_a_workbook_says_so_in_swedish(client, dalarna_editor):
    response = client.post(IMPORT, {"workbook": SimpleUploadedFile("x.xlsx", b"inte en fil")})
    assert "Filen är ingen XLSX-fil." in text_of(parse(response).select_one(".errorlist"))


def test_the_page_says_an_import_may_take_a_while_and_works_without_javascript(
    client, dalarna_editor
):
    page = parse(client.get(IMPORT))
    form = page.select_one("form[enctype='multipart/form-data']")
    assert form["method"] == "post" and form.select_one("input[type=submit]")
    assert "Det kan ta en stund" in text_of(form)


def test_staff_who_edit_no_region_have_no_workbook(client):
    user = make_user("sten", is_staff=True)
    user.groups.add(Group.objects.get(name="Regional redaktör"))
    assert sign_in(client, user).status_code == 302
    assert client.get(IMPORT).status_code == 403
    assert client.get(reverse("workbook_export", args=["dalarna"])).status_code == 404
