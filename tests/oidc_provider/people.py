"""The provider's people: a username, a password and the claims a test gives them (groups, acr,
amr, e-mail ...), put in the ID token and userinfo as a real IdP puts its directory's.

The claims live in this one process's memory: a test sets them just before it signs in.
"""

import json

from django.contrib.auth import authenticate, get_user_model, login
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from oauth2_provider.oauth2_validators import OAuth2Validator

CLAIMS: dict[str, dict] = {}


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim a person has, whatever the scopes

    def get_additional_claims(self, request):
        return CLAIMS.get(request.user.username, {})


@require_POST
def person(request):
    """Make or change a person: {"username", "password", "claims"}."""
    data = json.loads(request.body)
    user, _ = get_user_model().objects.get_or_create(username=data["username"])
    user.set_password(data["password"])
    user.save()
    CLAIMS[user.username] = data["claims"]
    return JsonResponse({"sub": str(user.pk)})


def sign_in(request):
    """The provider's own sign-in page: username and password, then back to `next`."""
    next_url = request.GET.get("next", "/")
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST["username"], password=request.POST["password"]
        )
        if user is None:
            return HttpResponseBadRequest("wrong username or password")
        login(request, user)
        return HttpResponse(status=302, headers={"Location": next_url})
    return HttpResponse(
        f'<form method="post" action="?{escape(urlencode({"next": next_url}))}">'
        '<input name="username"><input name="password" type="password"><button>Sign in</button>'
        "</form>"
    )
