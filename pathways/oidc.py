"""Staff sign-in through the region's identity provider (OpenID Connect, allauth's provider).

1. Who may sign in is the IdP's word, read at every sign-in from one claim (OIDC_ROLES_CLAIM):
   its values make someone staff or the editors of regions (settings.OIDC_STAFF_VALUES,
   OIDC_EDITOR_VALUES). A first sign-in with a role makes the account; a sign-in with none is
   refused; the roles are set again each time, so a group the IdP removed is a role removed.
2. The IdP's sign-in is the second factor only when the ID token's `acr` or `amr` says so
   (settings.OIDC_MFA_ACR, OIDC_MFA_AMR). The session then holds SECOND_FACTOR_KEY, which
   pathways.middleware reads; otherwise TOTP is asked as for a local account.
3. Accounts are tied to the IdP's subject (`sub`), never to an e-mail address: an address in a
   token is not proof of owning a local account with the same address. They keep no address and
   no password, so they cannot be signed in to any other way.
"""

from dataclasses import dataclass

from allauth.account.signals import user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib.auth.models import Group
from django.dispatch import receiver
from django.shortcuts import render

from .models import Region
from .signin.stages import CodeOnceStage

SECOND_FACTOR_KEY = "staff:idp_second_factor"
EDITOR_GROUP = "Regional redaktör"  # made by migration 0002


@dataclass(frozen=True)
class Roles:
    staff: bool
    editor_of: frozenset[str]  # region slugs

    def __bool__(self):
        return self.staff or bool(self.editor_of)


def claim_values(claims, name):
    """A claim as a set of strings: IdPs send a list, or one string for a single value."""
    value = claims.get(name)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return set()


def roles_from_claims(claims, *, claim, staff_values, editor_values):
    values = claim_values(claims, claim)
    return Roles(
        staff=bool(values & set(staff_values)),
        editor_of=frozenset(slug for value, slug in editor_values.items() if value in values),
    )


def is_second_factor(claims, *, acr_values, amr_values):
    """True if the ID token says the person proved more than a password (RFC 8176 `amr`, or an
    `acr` the region trusts). Nothing configured: never."""
    return bool(claim_values(claims, "amr") & set(amr_values)) or bool(
        claim_values(claims, "acr") & set(acr_values)
    )


def claims_of(sociallogin):
    """The ID token's claims, with what only userinfo sent added: `acr` and `amr` are claims of
    the ID token (OIDC Core 2), and Entra ID sends groups and roles only there."""
    data = sociallogin.account.extra_data
    return {**data.get("userinfo", {}), **data.get("id_token", {})}


def roles_of(sociallogin):
    return roles_from_claims(
        claims_of(sociallogin),
        claim=settings.OIDC_ROLES_CLAIM,
        staff_values=settings.OIDC_STAFF_VALUES,
        editor_values=settings.OIDC_EDITOR_VALUES,
    )


def second_factor_of(sociallogin):
    return is_second_factor(
        claims_of(sociallogin), acr_values=settings.OIDC_MFA_ACR, amr_values=settings.OIDC_MFA_AMR
    )


def apply_roles(user, roles):
    """Make the account's roles the IdP's: the editor group, admin access and Region.editors for
    exactly the regions the claims name. A superuser keeps admin access whatever the IdP says."""
    user.is_staff = user.is_superuser or bool(roles.editor_of)
    user.save(update_fields=["is_staff"])
    group = Group.objects.get(name=EDITOR_GROUP)
    if roles.editor_of:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    user.edited_regions.set(Region.objects.filter(slug__in=roles.editor_of))


def _kept_claims(sociallogin):
    """What the account keeps of the tokens: the subject, the roles claim and how the person signed
    in (to see why someone has a role), not names, addresses or identity numbers."""
    claims = claims_of(sociallogin)
    names = ("iss", "sub", "acr", "amr", settings.OIDC_ROLES_CLAIM)
    return {"id_token": {name: claims[name] for name in names if name in claims}}


class RegionIdentityProviderAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        # The environment alone configures the IdP (navigator/settings.py), never a database row,
        # and the sign-in page reads no table to find out there is none.
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def pre_social_login(self, request, sociallogin):
        roles = roles_of(sociallogin)
        connecting = sociallogin.state.get("process") == AuthProcess.CONNECT
        if sociallogin.is_existing and not connecting:
            apply_roles(sociallogin.user, roles)
        if not roles:
            raise ImmediateHttpResponse(
                render(request, "account/identity_provider_refused.html", status=403)
            )
        # The login's second-factor stage (below) and the signal read this, also on a later
        # request: the login waits in the session while TOTP is asked.
        sociallogin.state[SECOND_FACTOR_KEY] = second_factor_of(sociallogin)
        sociallogin.account.extra_data = _kept_claims(sociallogin)
        if not sociallogin.is_existing:
            # The account gets no e-mail address: with one, allauth's password reset would give it
            # a local password that signs in without the IdP (and its roles), and an address a
            # local account already has would send allauth to its sign-up form to ask for another.
            sociallogin.user.email = ""
            sociallogin.email_addresses = []

    def is_open_for_signup(self, request, sociallogin):
        # Only reached by a sign-in whose claims gave a role (pre_social_login refuses the rest).
        return True

    def is_auto_signup_allowed(self, request, sociallogin):
        return True

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        apply_roles(user, roles_of(sociallogin))  # the kept claims hold the roles claim
        return user


def signed_in_with_second_factor(login):
    sociallogin = (login.signal_kwargs or {}).get("sociallogin")
    return isinstance(sociallogin, SocialLogin) and bool(sociallogin.state.get(SECOND_FACTOR_KEY))


class SecondFactorStage(CodeOnceStage):
    """allauth's TOTP step, skipped when the IdP's sign-in already was the second factor (and,
    as CodeOnceStage, when the sign-in form has checked the code)."""

    def _should_handle(self, request):
        return not signed_in_with_second_factor(self.login) and super()._should_handle(request)


@receiver(user_logged_in)
def remember_second_factor(sender, request, user, **kwargs):
    # Set at every sign-in, to False for a password: the fact belongs to this session's sign-in.
    sociallogin = kwargs.get("sociallogin")
    request.session[SECOND_FACTOR_KEY] = bool(
        sociallogin and sociallogin.state.get(SECOND_FACTOR_KEY)
    )
