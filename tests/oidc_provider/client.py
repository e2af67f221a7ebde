"""The test side of the identity provider: start it, give people claims, sign them in.

The app (Django's test client) talks to the provider over real HTTP, as in production: discovery,
the token endpoint and userinfo. The browser's part, the provider's own sign-in page, is played
by `requests`.
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CLIENT_ID = "rehabkartan"
CLIENT_SECRET = "test-client-secret-only-for-the-test-provider"
PROVIDER_ID = "region"
REDIRECT_URI = f"http://testserver/accounts/oidc/{PROVIDER_ID}/login/callback/"
PASSWORD = "provider-password"


class Provider:
    def __init__(self, database):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.oidc_provider.serve",
                str(database),
                CLIENT_ID,
                CLIENT_SECRET,
                REDIRECT_URI,
            ],
            cwd=BASE_DIR,
            stdout=subprocess.PIPE,
            text=True,
        )
        port = self.process.stdout.readline().strip()
        if not port.isdigit():
            self.stop()
            raise RuntimeError("the test identity provider did not start (see its stderr above)")
        self.url = f"http://127.0.0.1:{port}"
        self.issuer = f"{self.url}/o"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def app_settings(self):
        """allauth's configuration of this provider, as navigator/settings.py builds it."""
        return {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": PROVIDER_ID,
                        "name": "Logga in med regionens inloggning (SITHS)",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": self.issuer,
                            "oauth_pkce_enabled": True,
                            "scope": ["openid", "profile", "email"],
                        },
                    }
                ]
            }
        }

    def person(self, username, **claims):
        """Make (or change) a person at the provider with these claims; returns their `sub`."""
        claims = {
            "preferred_username": username,
            "email": f"{username}@region.example.se",
            **claims,
        }
        response = requests.post(
            f"{self.url}/people/",
            json={"username": username, "password": PASSWORD, "claims": claims},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["sub"]

    def sign_in(self, client, username, password=PASSWORD):
        """The staff member presses the IdP button, signs in at the provider and comes back: the
        app's answer to the provider's redirect (its callback) is returned."""
        response = client.post(reverse("openid_connect_login", args=[PROVIDER_ID]))
        assert response.status_code == 302, response
        authorize = response["Location"]
        assert authorize.startswith(f"{self.issuer}/authorize/"), authorize
        browser = requests.Session()  # a fresh browser: no earlier sign-in at the provider
        page = browser.get(authorize, timeout=10)  # → the provider's sign-in page
        signed_in = browser.post(
            page.url,
            data={"username": username, "password": password},
            allow_redirects=False,
            timeout=10,
        )
        assert signed_in.status_code == 302, signed_in.text
        back = browser.get(
            urljoin(page.url, signed_in.headers["Location"]), allow_redirects=False, timeout=10
        )
        assert back.status_code == 302, back.text
        callback = urlsplit(back.headers["Location"])
        assert f"{callback.scheme}://{callback.netloc}{callback.path}" == REDIRECT_URI, callback
        return client.get(f"{callback.path}?{callback.query}")
