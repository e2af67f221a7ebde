from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from navigator.metrics import metrics_view
from pathways.admin import workbook

# Admin sign-in goes through allauth: its rate limits and second factor (pathways.middleware).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    # A region's workbook, in admin's frame (its sign-in, second factor and staff check).
    path("admin/arbetsbok/", admin.site.admin_view(workbook.import_view), name="workbook_import"),
    path(
        "admin/arbetsbok/<slug:slug>.xlsx",
        admin.site.admin_view(workbook.export_view),
        name="workbook_export",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    # The language switch sets only the visitor's own language cookie and redirects within the site
    # (Django checks `next`); a forged switch can do no more than that, so it needs no CSRF token.
    # Public pages then set no cookie at all, and kept map pages need no per-visitor token.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("metrics", metrics_view, name="metrics"),  # Prometheus, with a bearer token only
    path("", include("pathways.discharge.urls")),  # /personal/ and /d/<token>/
    path("", include("pathways.urls")),
]

# A database outage answers 503 with Retry-After (JSON under /api/), any other error the 500 page.
handler500 = "pathways.views.errors.server_error"
