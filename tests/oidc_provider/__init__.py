"""A real OpenID Connect provider for the tests: django-oauth-toolkit's, in its own process.

It stands in for the region's identity provider (Entra ID, Inera's IdP). `serve.py` starts it on a
free port of 127.0.0.1 with its own settings and SQLite file, an RSA key made at start and one
client registered; `Provider` (the test side, tests/oidc_provider/client.py) adds people with the
claims a test wants and signs them in over real HTTP, as a browser would.
"""
