from django.urls import path

from . import views
from .views import api as api_views
from .views import easy as easy_views
from .views import health, offline, site_files
from .views import hsds as hsds_views
from .views import map as map_views
from .views import overview as overview_views
from .views import pdf as pdf_views

urlpatterns = [
    path("", views.start, name="start"),
    path("fragor/", views.questions, name="questions"),
    path("fragor/kontrollera/", views.check_answers, name="flow-check"),
    path("fragor/borja-om/", views.start_over, name="flow-start-over"),
    path("fragor/<slug:slug>/", views.step, name="flow-step"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    # The map and its JSON: the public URL contract (README, "The map URL"); pathways/views/map.py, api.py
    path("karta/", map_views.map_page, name="map"),
    path("karta/lattlast/", easy_views.easy_map_page, name="map_easy"),
    path("ansvar/<str:code>/", overview_views.responsibility_overview, name="overview"),
    path("api/karta/", api_views.api_map, name="api_map"),
    path("api/openapi.json", api_views.openapi_json, name="api_openapi_json"),
    path("api/openapi.yaml", api_views.openapi_yaml, name="api_openapi"),
    # The directory as open data (Open Referral HSDS 3.0; README, "Open data (HSDS)")
    path("api/hsds/", hsds_views.about, name="hsds"),
    path("api/hsds/services", hsds_views.services, name="hsds_services"),
    path("api/hsds/services/<str:id>", hsds_views.service, name="hsds_service"),
    path("api/hsds/organizations", hsds_views.organizations, name="hsds_organizations"),
    path("api/hsds/organizations/<str:id>", hsds_views.organization, name="hsds_organization"),
    path("karta/pdf/", pdf_views.map_pdf, name="map_pdf"),
    # Maps kept for offline use (pathways/views/offline.py): the service worker and its fallback
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path("favicon.ico", site_files.favicon, name="favicon"),
]
