"""Optional error reporting to a self-hosted Sentry or GlitchTip (SENTRY_DSN), without personal data.

Nothing is sent unless SENTRY_DSN is set. What is sent is the exception, its stack without local
variables, and the request's method and redacted URL: no cookies, no headers, no form data (a
staff member's personal additions are posted in a form), no user, no query string, and every
patient-link path redacted wherever it appears in the event (navigator/redact.py).
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from .redact import redact

KEPT_REQUEST_FIELDS = ("method", "url")


def scrub(event, hint=None):
    request = event.get("request")
    if request:
        event["request"] = {name: request[name] for name in KEPT_REQUEST_FIELDS if name in request}
    event.pop("user", None)
    return redacted(event)


def redacted(value):
    """Every string in the event (messages, breadcrumbs, frames, the URL) with tokens taken out;
    anything else (the timestamp, numbers) as it is."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redacted(item) for item in value]
    return value


def start(dsn, environment):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        before_send_transaction=scrub,
        traces_sample_rate=0,
    )
