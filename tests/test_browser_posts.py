"""Every staff form accepts a POST as a browser sends it, CSRF checks on.

Django's test client sends no `Origin` header, so the suite never saw that Chromium's form POSTs
from a page with `Referrer-Policy: no-referrer` carry `Origin: null`, which Django's CSRF check
refuses (issue 17). Here each form is opened first, then submitted with the fields the page holds
(its CSRF token among them) and the `Origin` and `Referer` a browser sends under that page's own
Referrer-Policy header, as https. The Chromium test of the same flow: tests/e2e/test_staff_flow.py.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pathways.discharge.models import DischargeMap

from .html import parse
from .staff_fixtures import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.django_db

# Referrer Policy, "determine request's referrer", for a request to the page's own origin over
# https: these send the page's URL, "origin" and "strict-origin" only the origin, "no-referrer"
# nothing. Fetch, "serializing a request origin": under "no-referrer" the Origin header is "null".
FULL_URL = {
    "unsafe-url",
    "no-referrer-when-downgrade",
    "same-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
}
ORIGIN_ONLY = {"origin", "strict-origin"}
BROWSER_DEFAULT = "strict-origin-when-cross-origin"


def sent_by_browser(policy_header, page_url):
    """The Origin and Referer headers (as Django's META keys) a browser sends with a form POST from
    page_url to its own site, under the page's Referrer-Policy header (None if it sent none)."""
    # A header may list fallbacks: the last policy the browser knows is the one it applies.
    known = [
        p.strip()
        for p in (policy_header or "").split(",")
        if p.strip() in FULL_URL | ORIGIN_ONLY | {"no-referrer"}
    ]
    policy = known[-1] if known else BROWSER_DEFAULT
    parts = urlsplit(page_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if policy == "no-referrer":
        return {"HTTP_ORIGIN": "null"}
    referer = origin + "/" if policy in ORIGIN_ONLY else page_url.split("#")[0]
    return {"HTTP_ORIGIN": origin, "HTTP_REFERER": referer}


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("no-referrer", {"HTTP_ORIGIN": "null"}),
        ("same-origin", {"HTTP_ORIGIN": "https://s", "HTTP_REFERER": "https://s/d/x/"}),
        ("strict-origin", {"HTTP_ORIGIN": "https://s", "HTTP_REFERER": "https://s/"}),
        (
            "no-referrer, same-origin",
            {"HTTP_ORIGIN": "https://s", "HTTP_REFERER": "https://s/d/x/"},
        ),
        ("same-origin, no-referrer", {"HTTP_ORIGIN": "null"}),
        (None, {"HTTP_ORIGIN": "https://s", "HTTP_REFERER": "https://s/d/x/"}),
    ],
)
def test_what_a_browser_sends_follows_the_pages_policy(policy, expected):
    assert sent_by_browser(policy, "https://s/d/x/#top") == expected


def browser_fields(form):
    """What a browser submits for the form as it stands: hidden and filled inputs, checked boxes,
    each select's chosen option (the first one if none is marked), text areas."""
    data = {}
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "input":
            kind = control.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"} and not control.has_attr("checked"):
                continue
            values = [control.get("value", "on" if kind in {"checkbox", "radio"} else "")]
        elif control.name == "select":
            options = control.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and not control.has_attr("multiple"):
                chosen = options[:1]
            values = [o.get("value", o.get_text()) for o in chosen]
        else:
            values = [control.get_text().removeprefix("\n")]
        data.setdefault(name, []).extend(values)
    return data


class Browser:
    """Django's test client, CSRF checks on, opening pages and submitting their forms as a browser
    does over https."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)

    def open(self, url):
        response = self.client.get(url, follow=True, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        path = response.request["PATH_INFO"]
        query = response.request.get("QUERY_STRING")
        response.page_url = f"https://testserver{path}" + (f"?{query}" if query else "")
        return response

    def submit(self, url, fields=None, *, action=None):
        """Open url, fill its POST form (the one posting to `action`, else to the page itself)
        with `fields`, and send it with the headers the page's policy lets the browser send."""
        return self.submit_on(self.open(url), fields, action=action)

    def submit_on(self, page, fields=None, *, action=None):
        """The same on a page already open (a form whose fields depend on what the page shows)."""
        form = self._form(page, action)
        data = browser_fields(form) | (fields or {})
        target = urljoin(page.page_url, form.get("action") or page.page_url)
        headers = sent_by_browser(page.get("Referrer-Policy"), page.page_url)
        response = self.client.post(target, data, secure=True, **headers)
        assert response.status_code != 403, (
            f"{target} refused a POST from {page.page_url} sent with {headers}: "
            f"{response.content.decode()[:300]}"
        )
        return response

    @staticmethod
    def _form(page, action):
        html = parse(page)
        own = urlsplit(page.page_url).path
        for form in html.find_all("form", method=re.compile("^post$", re.I)):
            posts_to = urlsplit(urljoin(page.page_url, form.get("action") or page.page_url)).path
            if posts_to == (action or own):
                return form
        raise AssertionError(f"no form posting to {action or own} on {page.page_url}")

    def sign_in(self, user, *, start=""):
        """Sign in from `start` (a page that sends to the sign-in page), else the sign-in page."""
        login = start or reverse("account_login")
        response = self.submit(
            login, {"login": user.username, "password": PASSWORD}, action=reverse("account_login")
        )
        assert response.status_code == 302
        if response.url.startswith(reverse("mfa_authenticate")):
            response = self.submit(response.url, {"code": totp_code(user.totp_secret)})
            assert response.status_code == 302
        return response


@pytest.fixture
def ward_pc():
    return Browser()


@pytest.fixture
def nurse(db):
    return make_user("nora")


def test_signing_in_with_password_and_totp(ward_pc, nurse):
    assert ward_pc.sign_in(nurse).url == "/personal/"


def test_reauthenticating(ward_pc, nurse):
    ward_pc.sign_in(nurse)
    response = ward_pc.submit(
        "/accounts/reauthenticate/?next=/accounts/2fa/", {"password": PASSWORD}
    )
    assert (response.status_code, response.url) == (302, "/accounts/2fa/")


def test_setting_up_totp_and_new_recovery_codes(ward_pc, db):
    user = make_user("nils", mfa=False)
    assert ward_pc.sign_in(user).status_code == 302
    page = ward_pc.open(reverse("mfa_activate_totp"))
    response = ward_pc.submit_on(page, {"code": totp_code(page.context["form"].secret)})
    assert (response.status_code, response.url) == (302, reverse("mfa_view_recovery_codes"))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    before = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).pk
    response = ward_pc.submit(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    after = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).pk
    assert after != before


def test_changing_the_password(ward_pc, nurse):
    ward_pc.sign_in(nurse)
    new = "en-annan-lång-fras-för-avdelningen"
    response = ward_pc.submit(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    nurse.refresh_from_db()
    assert nurse.check_password(new)


def test_resetting_the_password_from_the_mail(ward_pc, nurse, mailoutbox):
    response = ward_pc.submit(reverse("account_reset_password"), {"email": nurse.email})
    assert (response.status_code, response.url) == (302, reverse("account_reset_password_done"))
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mailoutbox[0].body).group()
    new = "en-annan-lång-fras-för-avdelningen"
    response = ward_pc.submit(urlsplit(link).path, {"password1": new, "password2": new}, action="")
    assert response.status_code == 302
    nurse.refresh_from_db()
    assert nurse.check_password(new)


def test_making_a_discharge_map(ward_pc, nurse):
    ward_pc.sign_in(nurse)
    response = ward_pc.submit(
        reverse("staff_new"),
        {"kommun": "2584", "unit": "Avdelning 3B", "kontakt-0-name": "Lisa Lindqvist"},
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    discharge_map = DischargeMap.objects.get(created_by=nurse)
    assert response.url == reverse("staff_preview", args=[discharge_map.id])


def test_deleting_a_discharge_map(ward_pc, nurse):
    ward_pc.sign_in(nurse)
    discharge_map, _ = DischargeMap.create(
        user=nurse, unit="Avdelning 3B", params="kommun=2584", additions={}
    )
    response = ward_pc.submit(reverse("staff_delete", args=[discharge_map.id]))
    assert (response.status_code, response.url) == (302, reverse("staff_workspace"))
    assert not DischargeMap.objects.filter(pk=discharge_map.pk).exists()


def test_signing_out_from_the_staff_menu(ward_pc, nurse):
    ward_pc.sign_in(nurse)
    response = ward_pc.submit(reverse("staff_workspace"), action=reverse("account_logout"))
    assert (response.status_code, response.url) == (302, "/")
    assert ward_pc.client.get(reverse("staff_workspace")).status_code == 302


def test_signing_in_to_admin_and_saving_a_row(ward_pc, db):
    editor = make_user("edit", is_staff=True, is_superuser=True)
    # Admin's own sign-in page sends to allauth's (secure_admin_login), and back to admin.
    response = ward_pc.sign_in(editor, start="/admin/login/?next=/admin/")
    assert response.url == "/admin/"
    group = Group.objects.get(name="Regional redaktör")
    change = reverse("admin:auth_group_change", args=[group.pk])
    response = ward_pc.submit(change, {"_save": "Spara"})
    assert (response.status_code, response.url) == (302, reverse("admin:auth_group_changelist"))
