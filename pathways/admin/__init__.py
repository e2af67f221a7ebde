"""The admin, for the regional administrators who keep the data current (nurses, coordinators).

Declarative first (healthchecks hc/api/admin.py): columns, filters, search, fieldsets. Every list of
content shows when a row was last reviewed and whether it is demo data, because that is what an
administrator goes through before a region goes live. Labels come from the models' verbose names.
"""

from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import content, places  # noqa: F401  (each module registers its ModelAdmins)

admin.site.site_header = _("Rehabkartan – administration")
admin.site.site_title = _("Rehabkartan – administration")
admin.site.index_title = _("Regionernas uppgifter")

# The identity provider is configured from the environment only (pathways/oidc.py reads no
# database rows for it): allauth's pages for provider apps and stored tokens would be dead ends.
# The accounts linked to it (SocialAccount) stay listed.
admin.site.unregister([SocialApp, SocialToken])
