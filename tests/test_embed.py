"""EMBED_ALLOWED_ORIGINS lets the listed sites frame the public map and the questions, and no
other page (pathways/embed.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from pathways import flow
from pathways.discharge.tests.test_discharge import create_map

from .test_production import settings_of

pytestmark = pytest.mark.django_db

FALUN = "https://www.falun.se"
MAP = "/karta/?kommun=2584&ta_sig=nej&inlagd=ja&behov=resor&behov=hjalpmedel"
EMBEDDABLE = [
    ("get", MAP),
    ("get", "/fragor/"),
    ("get", f"/fragor/{flow.STEPS[0].slug}/"),
    ("get", "/fragor/kontrollera/"),
    ("post", "/fragor/borja-om/"),
]
NEVER = [
    ("get", "/"),
    ("get", "/tillganglighet/"),
    ("get", "/ansvar/hemsjukvard/"),
    ("get", "/api/karta/?kommun=2584"),
    ("get", "/api/hsds/services"),
    ("get", "/admin/login/"),
    ("get", "/accounts/login/"),
    ("get", "/personal/"),
]


def frame_ancestors(response):
    [directive] = [
        part.strip()
        for part in response["Content-Security-Policy"].split(";")
        if part.strip().startswith("frame-ancestors")
    ]
    return directive


def assert_denies(response):
    assert frame_ancestors(response) == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("method, url", EMBEDDABLE)
def test_the_listed_sites_may_frame_the_map_and_the_questions(client, method, url):
    with override_settings(EMBED_ALLOWED_ORIGINS=[FALUN, "https://www.1177.se"]):
        response = getattr(client, method)(url)
    assert response.status_code in (200, 302)
    assert frame_ancestors(response) == f"frame-ancestors 'self' {FALUN} https://www.1177.se"
    assert "X-Frame-Options" not in response
    # The rest of the policy is the site's own.
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("method, url", EMBEDDABLE)
def test_no_site_may_frame_them_while_the_list_is_empty(client, method, url):
    assert_denies(getattr(client, method)(url))


@pytest.mark.parametrize("method, url", NEVER)
def test_every_other_page_still_forbids_framing(client, method, url):
    with override_settings(EMBED_ALLOWED_ORIGINS=[FALUN]):
        response = getattr(client, method)(url)
    assert response.status_code < 500
    assert_denies(response)


def test_staff_pages_and_the_patient_link_are_never_framed(staff_client):
    _discharge_map, token = create_map(staff_client)
    with override_settings(EMBED_ALLOWED_ORIGINS=[FALUN]):
        for url in ["/personal/", "/personal/ny/", f"/d/{token}/"]:
            response = staff_client.get(url)
            assert response.status_code == 200, url
            assert_denies(response)


def test_the_allowlist_comes_from_the_environment_and_is_empty_by_default():
    assert settings_of(SECRET_KEY="x" * 50)["EMBED_ALLOWED_ORIGINS"] == []
    listed = settings_of(SECRET_KEY="x" * 50, EMBED_ALLOWED_ORIGINS=f" {FALUN} ,https://a.se:8443")
    assert listed["EMBED_ALLOWED_ORIGINS"] == [FALUN, "https://a.se:8443"]


@pytest.mark.parametrize(
    "origin", ["*", "https://a.se/karta", "https://a.se; script-src *", "a.se"]
)
def test_anything_but_an_origin_stops_the_start(origin):
    with pytest.raises(ImproperlyConfigured, match="EMBED_ALLOWED_ORIGINS"):
        settings_of(SECRET_KEY="x" * 50, EMBED_ALLOWED_ORIGINS=origin)
