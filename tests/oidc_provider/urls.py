from django.urls import include, path

from . import people

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", people.sign_in),
    path("people/", people.person),
]
