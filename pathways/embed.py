"""Pages other sites may frame: the public map and the questions, for the origins listed in
EMBED_ALLOWED_ORIGINS (README, "Embedding the map"). Every other page keeps the site-wide
`frame-ancestors 'none'` and `X-Frame-Options: DENY` (settings.SECURE_CSP, X_FRAME_OPTIONS);
so does an embeddable page while the list is empty.

Staff pages, admin, the patient link (/d/…) and the API's write paths are never decorated: a
framed page could be overlaid to trick a click (clickjacking), and those pages act or show what
is personal.
"""

from functools import wraps

from django.conf import settings
from django.utils.csp import CSP


def frame_ancestors():
    return [CSP.SELF, *settings.EMBED_ALLOWED_ORIGINS]


def embeddable(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if settings.EMBED_ALLOWED_ORIGINS:
            # Read when the page is served, so the policy is always the settings' current one.
            response._csp_config = settings.SECURE_CSP | {"frame-ancestors": frame_ancestors()}
            # Browsers that know CSP obey frame-ancestors; X-Frame-Options has no allowlist.
            response.xframe_options_exempt = True
        return response

    return wrapper
