"""The sign-in audit: every way in and every refusal is a row (time, account, address), never a
password or a code; administrators read it, nobody edits it; it is purged with the maps' audit."""

import io
import uuid
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathways.discharge.models import AuditEvent
from pathways.signin.models import SignInEvent

from .html import parse
from .staff_fixtures import PASSWORD, make_user, sign_in, totp_code

VISITOR = "203.0.113.7"  # the address the proxy puts last in X-Forwarded-For


@pytest.fixture(autouse=True)
def _no_earlier_events(db):
    # The browser tests' live server commits its sign-ins (PostgreSQL, and SQLite where a test
    # signs in outside its transaction); each test here reads the audit from an empty table,
    # and the deletion rolls back with the test.
    SignInEvent.objects.all().delete()


@pytest.fixture
def behind_a_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    return {"HTTP_X_FORWARDED_FOR": f"198.51.100.99, {VISITOR}", "REMOTE_ADDR": "10.0.0.2"}


def events():
    return [(e.event, e.login, e.user, e.ip) for e in SignInEvent.objects.order_by("at", "pk")]


def the_audit_holds_no(*secrets):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {SignInEvent._meta.db_table}")  # noqa: S608
        dump = repr(cursor.fetchall())
    for secret in secrets:
        assert secret not in dump


def test_a_sign_in_with_password_and_code_is_recorded(staff_user_with_mfa, behind_a_proxy):
    client = Client(**behind_a_proxy)
    code = totp_code(staff_user_with_mfa.totp_secret)
    assert sign_in(client, staff_user_with_mfa, code=code).status_code == 302
    assert events() == [("inloggad", "alice", staff_user_with_mfa, VISITOR)]
    the_audit_holds_no(PASSWORD, code, staff_user_with_mfa.totp_secret)


def test_a_wrong_password_is_recorded_with_the_login_as_typed(staff_user_with_mfa, behind_a_proxy):
    client = Client(**behind_a_proxy)
    client.post(reverse("account_login"), {"login": "  ALICE ", "password": "fel-lösenord"})
    unknown = "nobody-" + "x" * 200
    client.post(reverse("account_login"), {"login": unknown, "password": PASSWORD})
    assert events() == [
        ("misslyckad", "ALICE", staff_user_with_mfa, VISITOR),
        ("misslyckad", unknown[:64], None, VISITOR),
    ]
    the_audit_holds_no("fel-lösenord", PASSWORD)


def test_a_lockout_is_recorded(staff_user_with_mfa, behind_a_proxy):
    client = Client(**behind_a_proxy)
    for _ in range(6):
        client.post(reverse("account_login"), {"login": "alice", "password": "fel-lösenord"})
    assert [e[0] for e in events()] == ["misslyckad"] * 5 + ["sparrad"]
    assert events()[-1] == ("sparrad", "alice", staff_user_with_mfa, VISITOR)


def test_a_wrong_code_and_a_recovery_code_are_recorded(staff_user_with_mfa, behind_a_proxy):
    client = Client(**behind_a_proxy)
    sign_in(client, staff_user_with_mfa, code="000000")
    recovery = Authenticator.objects.get(
        user=staff_user_with_mfa, type=Authenticator.Type.RECOVERY_CODES
    )
    recovery_code = RecoveryCodes(recovery).get_unused_codes()[0]
    client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert events() == [
        ("fel_kod", "alice", staff_user_with_mfa, VISITOR),
        ("reservkod", "alice", staff_user_with_mfa, VISITOR),
        ("inloggad", "alice", staff_user_with_mfa, VISITOR),
    ]
    the_audit_holds_no("000000", recovery_code)


def test_an_address_the_proxy_garbled_is_left_empty(staff_user_with_mfa, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(HTTP_X_FORWARDED_FOR="unknown")
    sign_in(client, staff_user_with_mfa)
    assert events() == [("inloggad", "alice", staff_user_with_mfa, None)]


def test_administrators_read_the_audit_filtered_and_cannot_change_it(staff_user_with_mfa):
    Client().post(reverse("account_login"), {"login": "mallory", "password": "gissning"})
    admin_user = make_user("erik", is_staff=True, is_superuser=True)
    client = Client()
    sign_in(client, admin_user)
    listing = reverse("admin:signin_signinevent_changelist")
    failed = parse(client.get(listing, {"event": "misslyckad"}))
    rows = [row.get_text(" ", strip=True) for row in failed.select("#result_list tbody tr")]
    assert len(rows) == 1 and "mallory" in rows[0] and "Misslyckad inloggning" in rows[0]
    filters = {a.get_text(strip=True) for a in failed.select("#changelist-filter a")}
    assert {"Misslyckad inloggning", "Spärrad: för många misslyckade försök", "Idag"} <= filters
    signed_in = parse(client.get(listing, {"event": "inloggad"}))
    assert "erik" in signed_in.select_one("#result_list tbody").get_text()
    assert "mallory" not in signed_in.select_one("#result_list tbody").get_text()
    today = timezone.localdate()
    by_date = client.get(listing, {"at__year": today.year, "at__month": today.month})
    assert by_date.status_code == 200
    assert client.get(reverse("admin:signin_signinevent_add")).status_code == 403
    event = SignInEvent.objects.get(login="mallory")
    change = reverse("admin:signin_signinevent_change", args=[event.pk])
    client.post(change, {"login": "someone-else"})
    delete = reverse("admin:signin_signinevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.login == "mallory"


@pytest.mark.parametrize("days", [0, 365])
def test_sign_in_rows_are_purged_with_the_maps_audit(db, settings, days):
    settings.AUDIT_DAYS = days
    now = timezone.now()
    ages = {"old": timedelta(days=366), "recent": timedelta(days=364)}
    for name, age in ages.items():
        SignInEvent.objects.create(event=SignInEvent.Event.FAILED, login=name, at=now - age)
        AuditEvent.objects.create(
            action=AuditEvent.Action.OPEN, unit=name, at=now - age, map_id=uuid.uuid4()
        )
    call_command("purge_expired_maps", stdout=io.StringIO())
    kept = ["old", "recent"] if days == 0 else ["recent"]
    assert sorted(SignInEvent.objects.values_list("login", flat=True)) == kept
    assert sorted(AuditEvent.objects.values_list("unit", flat=True)) == kept
