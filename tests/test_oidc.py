"""Staff sign-in through the region's identity provider, against a real OpenID Connect provider.

The provider (tests/oidc_provider/: django-oauth-toolkit) runs in its own process, started once per
session; the app reads its discovery document, calls its token endpoint and userinfo over HTTP.
Each test gives a new person the claims it needs (groups, acr, amr) and signs them in.
"""

import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from pathways.middleware import has_second_factor
from pathways.models import Unit
from pathways.oidc import SECOND_FACTOR_KEY, is_second_factor, roles_from_claims
from pathways.signin.models import SignInEvent

from .html import parse, visible_text
from .oidc_provider.client import Provider
from .staff_fixtures import make_user, totp_code
from .test_production import settings_of

STAFF = "rehabkartan-personal"
DALARNA_EDITORS = "rehabkartan-redaktor-dalarna"
SITHS_LOA3 = "http://id.sambi.se/loa/loa3"
BUTTON = "Logga in med regionens inloggning (SITHS)"


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    provider = Provider(tmp_path_factory.mktemp("identity-provider") / "provider.sqlite3")
    yield provider
    provider.stop()


@pytest.fixture
def idp(identity_provider, settings):
    """The app configured for the provider, as OIDC_* in the environment would configure it."""
    settings.SOCIALACCOUNT_PROVIDERS = identity_provider.app_settings()
    settings.OIDC_ROLES_CLAIM = "groups"
    settings.OIDC_STAFF_VALUES = [STAFF]
    settings.OIDC_EDITOR_VALUES = {
        DALARNA_EDITORS: "dalarna",
        "rehabkartan-redaktor-bd": "norrbotten",
    }
    settings.OIDC_MFA_AMR = ["mfa", "hwk", "sc"]
    settings.OIDC_MFA_ACR = [SITHS_LOA3]
    return identity_provider


def new_name():
    return f"sara-{uuid.uuid4().hex[:8]}"


def account_of(sub):
    return SocialAccount.objects.get(provider="region", uid=sub).user


pytestmark = pytest.mark.django_db


# The button


def idp_forms(response):
    page = parse(response)
    return page.select('form[action^="/accounts/oidc/"]')


def test_with_nothing_configured_the_sign_in_page_has_local_accounts_only(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert idp_forms(response) == []
    assert BUTTON not in visible_text(response)
    assert parse(response).select('input[name="password"]')


def test_with_a_provider_the_sign_in_page_has_its_button_above_the_local_form(client, idp):
    response = client.get(reverse("account_login"))
    [form] = idp_forms(response)
    assert form["method"] == "post"
    assert form["action"] == "/accounts/oidc/region/login/?process=login"
    assert form.select_one("button").get_text(strip=True) == BUTTON
    assert form.select_one('input[name="csrfmiddlewaretoken"]')
    assert "Logga in med lokalt konto" in visible_text(response)


def test_the_provider_is_configured_from_the_environment_and_only_then():
    nothing = settings_of(SECRET_KEY="x" * 50)
    assert nothing["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"] == []

    configured = settings_of(
        SECRET_KEY="x" * 50,
        OIDC_SERVER_URL="https://idp.region.example.se/oidc/",
        OIDC_CLIENT_ID="rehabkartan",
        OIDC_CLIENT_SECRET="s3cret",
        OIDC_NAME=BUTTON,
        OIDC_ROLES_CLAIM="roles",
        OIDC_STAFF_VALUES="Rehabkartan.Personal, Rehabkartan.Redaktor.Dalarna",
        OIDC_EDITOR_VALUES="Rehabkartan.Redaktor.Dalarna=dalarna",
        OIDC_MFA_AMR="mfa,hwk",
        OIDC_MFA_ACR=SITHS_LOA3,
    )
    [app] = configured["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"]
    assert (app["provider_id"], app["name"], app["client_id"], app["secret"]) == (
        "region",
        BUTTON,
        "rehabkartan",
        "s3cret",
    )
    assert app["settings"]["server_url"] == "https://idp.region.example.se/oidc"
    assert configured["OIDC_ROLES_CLAIM"] == "roles"
    assert configured["OIDC_STAFF_VALUES"] == [
        "Rehabkartan.Personal",
        "Rehabkartan.Redaktor.Dalarna",
    ]
    assert configured["OIDC_EDITOR_VALUES"] == {"Rehabkartan.Redaktor.Dalarna": "dalarna"}
    assert (configured["OIDC_MFA_AMR"], configured["OIDC_MFA_ACR"]) == (
        ["mfa", "hwk"],
        [SITHS_LOA3],
    )


@pytest.mark.parametrize(
    "env",
    [
        {"OIDC_CLIENT_SECRET": "s", "OIDC_STAFF_VALUES": "staff"},  # no client id
        {"OIDC_CLIENT_ID": "c", "OIDC_CLIENT_SECRET": "s"},  # nobody could ever get a role
        {"OIDC_CLIENT_ID": "c", "OIDC_CLIENT_SECRET": "s", "OIDC_EDITOR_VALUES": "dalarna"},
    ],
)
def test_a_half_configured_provider_stops_the_start(env):
    with pytest.raises(ImproperlyConfigured):
        settings_of(SECRET_KEY="x" * 50, OIDC_SERVER_URL="https://idp.example.se", **env)


# Roles


def test_a_first_sign_in_as_staff_makes_the_account_without_any_sign_up_page(client, idp):
    name = new_name()
    sub = idp.person(name, groups=[STAFF, "some-other-group"], amr=["pwd", "mfa"])
    response = idp.sign_in(client, name)
    assert response.status_code == 302
    assert response.url == "/personal/"
    user = account_of(sub)
    assert user.username == name
    assert not user.has_usable_password()
    assert not user.is_staff and not user.edited_regions.exists()  # staff, not an editor
    assert client.get("/personal/").status_code == 200


def test_the_account_keeps_the_roles_claim_and_how_they_signed_in_not_their_details(client, idp):
    name = new_name()
    sub = idp.person(
        name, groups=[STAFF], amr=["mfa"], credentialPersonalIdentityNumber="191212121212"
    )
    idp.sign_in(client, name)
    kept = SocialAccount.objects.get(uid=sub).extra_data
    assert kept == {"id_token": {"iss": idp.issuer, "sub": sub, "amr": ["mfa"], "groups": [STAFF]}}


def test_an_idp_sign_in_is_in_the_sign_in_audit_like_a_password_one(client, idp):
    name = new_name()
    sub = idp.person(name, groups=[STAFF], amr=["mfa"])
    idp.sign_in(client, name)
    event = SignInEvent.objects.get(user=account_of(sub))
    assert (event.event, event.login, event.ip) == (
        SignInEvent.Event.SIGNED_IN,
        name,
        "127.0.0.1",
    )


def test_an_editors_claim_makes_them_editor_of_that_region_only(client, idp):
    name = new_name()
    sub = idp.person(name, groups=[DALARNA_EDITORS], amr=["mfa"])
    assert idp.sign_in(client, name).status_code == 302
    user = account_of(sub)
    assert user.is_staff
    assert user.groups.filter(name="Regional redaktör").exists()
    assert list(user.edited_regions.values_list("slug", flat=True)) == ["dalarna"]
    assert client.get(reverse("admin:pathways_unit_changelist")).status_code == 200
    norrbotten_unit = Unit.objects.filter(region__slug="norrbotten").first()
    change = reverse("admin:pathways_unit_change", args=[norrbotten_unit.pk])
    assert client.get(change).status_code == 404


def test_a_sign_in_whose_claims_give_no_role_is_refused_in_swedish(client, idp):
    name = new_name()
    idp.person(name, groups=["all-employees"], amr=["mfa"])
    response = idp.sign_in(client, name)
    assert response.status_code == 403
    assert "Du har ingen behörighet i Rehabkartan" in visible_text(response)
    assert not get_user_model().objects.filter(username=name).exists()
    assert client.get("/personal/").status_code == 302  # not signed in


def test_roles_are_set_again_at_every_sign_in(idp):
    name = new_name()
    sub = idp.person(name, groups=[STAFF, DALARNA_EDITORS], amr=["mfa"])
    idp.sign_in(Client(), name)
    user = account_of(sub)
    assert user.is_staff and user.edited_regions.exists()

    idp.person(name, groups=[STAFF], amr=["mfa"])  # the region removed the editors' group
    browser = Client()
    assert idp.sign_in(browser, name).status_code == 302
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.edited_regions.exists()
    assert not user.groups.filter(name="Regional redaktör").exists()
    assert browser.get(reverse("admin:index")).status_code == 302  # admin's sign-in, not admin

    idp.person(name, groups=[], amr=["mfa"])  # and then the staff group
    browser = Client()
    assert idp.sign_in(browser, name).status_code == 403
    assert browser.get("/personal/").status_code == 302


def test_an_address_a_local_account_has_does_not_link_to_it_or_open_sign_up(client, idp):
    local = make_user("lokal")
    local.email = "anna.andersson@region.example.se"
    local.save()
    name = new_name()
    sub = idp.person(name, groups=[DALARNA_EDITORS], amr=["mfa"], email=local.email)
    response = idp.sign_in(client, name)
    assert response.url == "/personal/"
    user = account_of(sub)
    assert user != local
    assert not local.groups.exists() and not local.edited_regions.exists()


def test_an_idp_account_has_no_address_a_password_reset_could_reach(client, idp):
    name = new_name()
    sub = idp.person(name, groups=[STAFF], amr=["mfa"])
    idp.sign_in(client, name)
    user = account_of(sub)
    assert user.email == "" and not EmailAddress.objects.filter(user=user).exists()
    assert not user.has_usable_password()
    client.logout()
    client.post(reverse("account_reset_password"), {"email": f"{name}@region.example.se"})
    # (allauth may still tell an unknown address that it has no account: no reset link.)
    assert not any("/accounts/password/reset/key/" in message.body for message in mail.outbox)


# The second factor


def test_an_idp_sign_in_with_mfa_in_amr_asks_no_totp(client, idp):
    name = new_name()
    idp.person(name, groups=[STAFF], amr=["pwd", "mfa"])
    idp.sign_in(client, name)
    assert client.session[SECOND_FACTOR_KEY] is True
    assert client.get("/personal/").status_code == 200


def test_an_idp_sign_in_at_the_trusted_acr_asks_no_totp(client, idp):
    name = new_name()
    idp.person(name, groups=[STAFF], acr=SITHS_LOA3)
    idp.sign_in(client, name)
    assert client.get("/personal/").status_code == 200


@pytest.mark.parametrize(
    "how", [{"amr": ["pwd"]}, {"acr": "http://id.sambi.se/loa/loa2"}, {}], ids=str
)
def test_an_idp_sign_in_without_a_second_factor_is_asked_to_set_up_totp(client, idp, how):
    name = new_name()
    idp.person(name, groups=[STAFF], **how)
    assert idp.sign_in(client, name).url == "/personal/"
    assert client.session[SECOND_FACTOR_KEY] is False
    response = client.get("/personal/")
    assert response.url == reverse("mfa_activate_totp")
    # No password to type again: the sign-in minutes ago is what TOTP set-up needs.
    assert client.get(response.url).status_code == 200


def test_an_idp_user_with_totp_gives_its_code_unless_the_idp_was_the_second_factor(idp):
    name = new_name()
    sub = idp.person(name, groups=[STAFF], amr=["pwd"])
    idp.sign_in(Client(), name)
    user = account_of(sub)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    browser = Client()
    response = idp.sign_in(browser, name)
    assert response.url == reverse("mfa_authenticate")
    assert browser.get("/personal/").status_code == 302  # not signed in before the code
    response = browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == "/personal/"
    assert browser.get("/personal/").status_code == 200

    idp.person(name, groups=[STAFF], amr=["pwd", "mfa"])
    browser = Client()
    assert idp.sign_in(browser, name).url == "/personal/"
    assert browser.get("/personal/").status_code == 200


def test_a_password_sign_in_never_counts_as_the_idps_second_factor(client):
    from .staff_fixtures import sign_in

    user = make_user("tove", mfa=False)
    session = client.session
    session[SECOND_FACTOR_KEY] = True  # left from an earlier sign-in in this browser
    session.save()
    assert sign_in(client, user).status_code == 302
    assert client.session[SECOND_FACTOR_KEY] is False
    assert client.get("/personal/").url == reverse("mfa_activate_totp")


# The rules as pure functions


def test_the_second_factor_rule_reads_totp_or_the_sessions_idp_fact():
    user = make_user("ulla", mfa=False)
    assert not has_second_factor(user, {})
    assert not has_second_factor(user, {SECOND_FACTOR_KEY: False})
    assert has_second_factor(user, {SECOND_FACTOR_KEY: True})
    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user).exists()
    assert has_second_factor(user, {})


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": "hwk"}, True),
        ({"acr": SITHS_LOA3}, True),
        ({"amr": ["pwd"]}, False),
        ({"acr": "http://id.sambi.se/loa/loa2", "amr": ["pwd"]}, False),
        ({}, False),
    ],
)
def test_which_tokens_are_a_second_factor(claims, expected):
    assert is_second_factor(claims, acr_values=[SITHS_LOA3], amr_values=["mfa", "hwk"]) is expected


def test_nothing_configured_means_no_token_is_a_second_factor():
    assert not is_second_factor({"amr": ["mfa"], "acr": SITHS_LOA3}, acr_values=[], amr_values=[])


@pytest.mark.parametrize(
    ("groups", "staff", "editor_of"),
    [
        ([STAFF], True, set()),
        (STAFF, True, set()),  # a single value sent as a string
        ([DALARNA_EDITORS, "other"], False, {"dalarna"}),
        ([STAFF, DALARNA_EDITORS, "bd"], True, {"dalarna", "norrbotten"}),
        (["other"], False, set()),
        (None, False, set()),
    ],
)
def test_roles_from_the_claim(groups, staff, editor_of):
    roles = roles_from_claims(
        {"groups": groups} if groups is not None else {},
        claim="groups",
        staff_values=[STAFF],
        editor_values={DALARNA_EDITORS: "dalarna", "bd": "norrbotten"},
    )
    assert (roles.staff, set(roles.editor_of), bool(roles)) == (
        staff,
        editor_of,
        staff or bool(editor_of),
    )
