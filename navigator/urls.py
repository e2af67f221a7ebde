from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# Admin sign-in goes through allauth: its rate limits and second factor (pathways.middleware).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pathways.discharge.urls")),  # /personal/ and /d/<token>/
    path("", include("pathways.urls")),
]
