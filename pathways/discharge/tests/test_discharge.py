"""The staff workspace and the patient's discharge-map link, end to end with the test client.

Personas (tests/staff_fixtures.py): alice (signed in with password and TOTP in `staff_client`) and
bob, another staff member. The patient is an anonymous client holding only the link.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathways.discharge import sealing
from pathways.discharge.models import AuditEvent, DischargeMap
from tests.html import parse
from tests.staff_fixtures import make_user, sign_in

pytestmark = pytest.mark.django_db

GOAL = "Kunna gå till affären själv före midsommar"
CONTACT_NAME = "Lisa Lindqvist"
PHONE = "0980-123 45"
NOTE = "Rullatorn levereras på tisdag"
SIP_WHO = "Kommunen har det övergripande ansvaret"
SECRETS = [GOAL, CONTACT_NAME, PHONE, NOTE, SIP_WHO]
MAP_PARAMS = "kommun=2584&inlagd=ja&boende=ordinart&ta_sig=nej&behov=hjalpmedel"


def management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def form_data(**extra):
    data = {
        "kommun": "2584",
        "inlagd": "ja",
        "boende": "ordinart",
        "ta_sig": "nej",
        "behov": ["hjalpmedel"],
        "unit": "Avdelning 3B, Kiruna sjukhus",
        "goal": GOAL,
        "note": NOTE,
        "fast_vardkontakt": "Sjuksköterska på hälsocentralen",
        "sip_planned": "Den 2 december kl. 10",
        "care_plans": "Rehabiliteringsplan",
        "interventions": "Hemrehabilitering, hjälpmedel",
        "principal_per_intervention": "Kommunen: hemrehabilitering. Regionen: läkare.",
        "others": "Anhörig handlar",
        "overall_responsibility": SIP_WHO,
        **management("kontakt", 3),
        "kontakt-0-role": "Fast vårdkontakt",
        "kontakt-0-name": CONTACT_NAME,
        "kontakt-0-phone": PHONE,
        **management("besok", 3),
        "besok-0-what": "Återbesök hos fysioterapeut",
        "besok-0-when": "2026-12-01T10:30",
        "besok-0-where": "Kiruna hälsocentral",
    }
    data.update(extra)
    return data


def create_map(client, **extra):
    """POST the form; returns (DischargeMap, token) — the token as the preview page shows it."""
    response = client.post(reverse("staff_new"), form_data(**extra))
    assert response.status_code == 302, response.context and response.context["form"].errors
    discharge_map = DischargeMap.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    preview = client.get(response.url)
    token = re.search(r"/d/([A-Za-z0-9_-]+)/", preview.content.decode()).group(1)
    return discharge_map, token


def time_elements(response):
    """(datetime attribute, text) of every <time> element on a page."""
    return [(time["datetime"], time.get_text()) for time in parse(response).find_all("time")]


def assert_personal_headers(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


# The encryption, without the web: test_sealing.py


# End to end


def test_the_discharge_map_end_to_end(staff_client):
    form = staff_client.get(reverse("staff_new") + "?" + MAP_PARAMS)
    assert form.status_code == 200
    assert_personal_headers(form)
    html = form.content.decode()
    assert "personnummer" in html  # the form says no identity number is needed
    assert form.context["form"].initial["kommun"] == "2584"  # prefilled from the map URL

    discharge_map, token = create_map(staff_client)
    preview = staff_client.get(reverse("staff_preview", args=[discharge_map.id]))
    assert preview.status_code == 200
    assert_personal_headers(preview)
    text = preview.content.decode()
    for secret in (GOAL, CONTACT_NAME, PHONE, SIP_WHO):
        assert secret in text
    assert "data:image/svg+xml" in text  # the QR code

    pdf = staff_client.get(reverse("staff_pdf", args=[discharge_map.id]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]

    patient = Client()  # the patient's phone: not signed in
    page = patient.get(f"/d/{token}/")
    assert page.status_code == 200
    assert_personal_headers(page)
    text = page.content.decode()
    for secret in (GOAL, CONTACT_NAME, PHONE, NOTE, SIP_WHO):
        assert secret in text
    assert "Kiruna" in text

    calendar = patient.get(f"/d/{token}/kalender.ics")
    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")
    body = calendar.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "SUMMARY:Återbesök hos fysioterapeut" in body
    assert "DTSTART:20261201T093000Z" in body  # 10:30 in Stockholm, winter time
    assert "LOCATION:Kiruna hälsocentral" in body
    assert body.endswith("END:VCALENDAR\r\n")

    patient_pdf = patient.get(f"/d/{token}/pdf/")
    assert patient_pdf.content.startswith(b"%PDF")


def test_an_appointment_with_only_a_day_is_printed_without_a_time(staff_client):
    _discharge_map, token = create_map(staff_client, **{"besok-0-when": "2026-12-03"})
    page = Client().get(f"/d/{token}/")
    # the additions come first on the page, before the dated sources of the map
    assert time_elements(page)[0] == ("2026-12-03", "3 december 2026")
    calendar = Client().get(f"/d/{token}/kalender.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20261203" in calendar


def test_the_workspace_lists_my_maps_metadata_only(staff_client):
    discharge_map, _token = create_map(staff_client)
    response = staff_client.get(reverse("staff_workspace"))
    text = response.content.decode()
    assert str(discharge_map.id) in text
    assert "Avdelning 3B" in text
    for secret in SECRETS:
        assert secret not in text


def test_an_empty_discharge_map_is_allowed(staff_client):
    data = {
        "kommun": "2584",
        "unit": "Avdelning 3B",
        **management("kontakt", 3),
        **management("besok", 3),
    }
    response = staff_client.post(reverse("staff_new"), data)
    assert response.status_code == 302


def test_the_database_holds_no_readable_personal_addition(staff_client):
    discharge_map, token = create_map(staff_client)
    table = DischargeMap._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  (our own table name)
        rows = cursor.fetchall()
    assert len(rows) == 1
    for value in rows[0]:
        raw = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
        for secret in SECRETS:
            assert secret.encode() not in raw
            assert secret.lower().encode() not in raw.lower()
        assert token.encode() not in raw  # nor the key to them
    # The row's lookup is not the token either, nor its plain SHA-256.
    assert discharge_map.lookup != token


def test_a_wrong_token_gives_the_not_available_page(client, staff_client):
    create_map(staff_client)
    for token in (sealing.new_token(), "x", "a" * 500, "åäö"):
        response = client.get(f"/d/{token}/")
        assert response.status_code == 404
        text = response.content.decode()
        assert "finns inte längre" in text
        assert reverse("start") in text
        assert client.get(f"/d/{token}/kalender.ics").status_code == 404
        assert client.get(f"/d/{token}/pdf/").status_code == 404


def test_an_expired_map_is_not_available_and_is_purged(staff_client):
    discharge_map, token = create_map(staff_client)
    assert discharge_map.expires_at - discharge_map.created_at == timedelta(days=30)
    patient = Client()
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert patient.get(f"/d/{token}/").status_code == 200
        call_command("purge_expired_maps")
        assert DischargeMap.objects.filter(pk=discharge_map.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        expired = patient.get(f"/d/{token}/")
        assert expired.status_code == 404
        assert "finns inte längre" in expired.content.decode()
        assert GOAL not in expired.content.decode()
        call_command("purge_expired_maps")
    assert not DischargeMap.objects.filter(pk=discharge_map.pk).exists()
    # The audit trail stays: it holds no content.
    assert AuditEvent.objects.filter(map_id=discharge_map.pk, action="rensad").exists()


def test_expiry_follows_the_setting(staff_client, settings):
    settings.DISCHARGE_MAP_DAYS = 7
    discharge_map, _token = create_map(staff_client)
    assert discharge_map.expires_at - discharge_map.created_at == timedelta(days=7)


def test_delete_asks_then_removes_the_map_and_its_link(staff_client):
    discharge_map, token = create_map(staff_client)
    url = reverse("staff_delete", args=[discharge_map.id])
    assert staff_client.get(url).status_code == 200  # the confirmation page
    assert DischargeMap.objects.filter(pk=discharge_map.pk).exists()
    response = staff_client.post(url)
    assert response.status_code == 302
    assert not DischargeMap.objects.filter(pk=discharge_map.pk).exists()
    assert Client().get(f"/d/{token}/").status_code == 404


def test_another_staff_members_map_is_a_404(staff_client, other_staff_user):
    discharge_map, token = create_map(staff_client)
    bob = Client()
    sign_in(bob, other_staff_user)
    for name in ("staff_preview", "staff_pdf", "staff_delete"):
        response = bob.get(reverse(name, args=[discharge_map.id]))
        assert response.status_code == 404  # not 403: nothing says the map exists
        assert "Avdelning 3B" not in response.content.decode()
    assert bob.post(reverse("staff_delete", args=[discharge_map.id])).status_code == 404
    assert DischargeMap.objects.filter(pk=discharge_map.pk).exists()
    listing = bob.get(reverse("staff_workspace")).content.decode()
    assert str(discharge_map.id) not in listing
    assert "Avdelning 3B" not in listing


def test_the_workspace_needs_sign_in(client):
    for url in (reverse("staff_workspace"), reverse("staff_new")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_without_the_token_in_the_session_the_map_is_sealed(staff_client, staff_user_with_mfa):
    discharge_map, _token = create_map(staff_client)
    later = Client()  # a new session (the TOTP code of this half-minute is spent: no replay)
    later.force_login(staff_user_with_mfa)
    response = later.get(reverse("staff_preview", args=[discharge_map.id]))
    assert response.status_code == 200
    assert GOAL not in response.content.decode()
    assert "krypterad" in response.content.decode()
    assert later.get(reverse("staff_pdf", args=[discharge_map.id])).status_code == 404


def test_every_create_print_open_and_delete_is_audited_without_content(
    staff_client, staff_user_with_mfa
):
    discharge_map, token = create_map(staff_client)
    staff_client.get(reverse("staff_pdf", args=[discharge_map.id]))
    Client().get(f"/d/{token}/")
    staff_client.post(reverse("staff_delete", args=[discharge_map.id]))

    events = AuditEvent.objects.filter(map_id=discharge_map.id).order_by("at", "id")
    assert [e.action for e in events] == ["skapad", "utskriven", "oppnad", "raderad"]
    for event in events:
        assert event.unit == "Avdelning 3B, Kiruna sjukhus"
    staff_events = [e for e in events if e.action != "oppnad"]
    assert all(e.user == staff_user_with_mfa and e.username == "alice" for e in staff_events)
    assert events.get(action="oppnad").user is None  # the patient is not signed in

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuditEvent._meta.db_table}")  # noqa: S608
        dump = repr(cursor.fetchall())
    for secret in [*SECRETS, token]:
        assert secret not in dump


def test_administrators_see_the_audit_read_only(staff_client):
    discharge_map, _token = create_map(staff_client)
    admin_user = make_user("admin", is_staff=True, is_superuser=True)
    client = Client()
    sign_in(client, admin_user)
    listing = client.get(reverse("admin:discharge_auditevent_changelist"))
    assert listing.status_code == 200
    assert str(discharge_map.id) in listing.content.decode()
    assert client.get(reverse("admin:discharge_auditevent_add")).status_code == 403
    event = AuditEvent.objects.first()
    delete = client.post(
        reverse("admin:discharge_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    # The map in admin: metadata, never the content.
    page = client.get(reverse("admin:discharge_dischargemap_change", args=[discharge_map.pk]))
    assert page.status_code == 200
    for secret in SECRETS:
        assert secret not in page.content.decode()


def test_a_failed_pdf_render_offers_the_page_and_is_not_audited(staff_client, monkeypatch):
    discharge_map, token = create_map(staff_client)

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr("pathways.pdf.render_pdf", broken)
    response = staff_client.get(reverse("staff_pdf", args=[discharge_map.id]))
    assert response.status_code == 503
    assert reverse("staff_preview", args=[discharge_map.id]) in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert Client().get(f"/d/{token}/pdf/").status_code == 503
    assert not AuditEvent.objects.filter(action="utskriven").exists()


def test_the_link_is_on_the_site_url_and_the_token_is_not_in_the_audit_or_logs(
    staff_client, settings, caplog
):
    settings.SITE_URL = "https://rehabkartan.example.se"
    discharge_map, token = create_map(staff_client)
    preview = staff_client.get(reverse("staff_preview", args=[discharge_map.id]))
    assert f"https://rehabkartan.example.se/d/{token}/" in preview.content.decode()
    assert token not in caplog.text


def test_purge_also_clears_abandoned_sessions_holding_tokens(staff_client):
    from django.contrib.sessions.models import Session

    create_map(staff_client)
    key = staff_client.session.session_key
    # The store keeps a staff session 5 minutes past the 30-minute idle limit (middleware.py).
    with time_machine.travel(timezone.now() + timedelta(minutes=34)):
        call_command("purge_expired_maps")
    assert Session.objects.filter(session_key=key).exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=36)):
        call_command("purge_expired_maps")
    assert not Session.objects.filter(session_key=key).exists()
