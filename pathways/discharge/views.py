"""The staff workspace (/personal/) and the patient's link to a discharge map (/d/<token>/).

Staff views: a list of the maps the signed-in user made, a form for a new one, its preview, its PDF
and deleting it. Every map is fetched through `_get_map_for_user`, so another person's map is a 404.
The link's token is given to the staff member once, kept only in their session for the preview and
print steps, and never stored anywhere else; without it nobody can read the additions.
"""

import logging
from datetime import date, datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pathways import pdf, presenters
from pathways.query import Invalid, MapQueryForm, load_map, map_query

from . import ics
from .additions import Additions
from .forms import (
    AppointmentFormSet,
    ContactFormSet,
    DischargeMapForm,
    error_summary,
    filled_rows,
    folded_rows_typed_in,
)
from .models import AuditEvent, DischargeMap
from .sealing import CannotDecrypt

logger = logging.getLogger(__name__)

TOKENS_KEY = "staff:tokens"  # map id -> token, for the session in which the map was made
MAX_TOKENS = 20
MAX_TOKEN_LENGTH = 64


def personal(view):
    """Pages with personal data: never cached, and their URL (a token) never sent to another site.

    `same-origin`, not `no-referrer`: under `no-referrer` a browser sends `Origin: null` with every
    form POST (Fetch, "serializing a request origin") and Django's CSRF check refuses it. Requests
    to this site still carry the page's URL as Referer; the server has that URL anyway, and the
    logs redact tokens (navigator/redact.py). Set here, not left to SECURE_REFERRER_POLICY, so a
    change of the site's default cannot send a patient's link to the units' web sites.
    """

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _get_map_for_user(request, map_id):
    return get_object_or_404(DischargeMap.objects.current(), pk=map_id, created_by=request.user)


def _session_token(request, discharge_map):
    return request.session.get(TOKENS_KEY, {}).get(str(discharge_map.id))


def _remember_token(request, discharge_map, token):
    tokens = request.session.get(TOKENS_KEY, {})
    tokens[str(discharge_map.id)] = token
    request.session[TOKENS_KEY] = dict(list(tokens.items())[-MAX_TOKENS:])


def _forget_token(request, discharge_map):
    tokens = request.session.get(TOKENS_KEY, {})
    if tokens.pop(str(discharge_map.id), None):
        request.session[TOKENS_KEY] = tokens


def _when(stored):
    """An appointment's stored ISO text back to a date (only a day) or a local datetime."""
    if len(stored) == len("2026-12-03"):
        return date.fromisoformat(stored)
    return timezone.localtime(datetime.fromisoformat(stored))


def _additions(discharge_map, token):
    """The decrypted additions as an Additions value (appointment times back to dates/datetimes)."""
    data = discharge_map.additions(token)
    for item in data.get("appointments", ()):
        if item.get("when"):
            item["when"] = _when(item["when"])
    return Additions.coerce(data)


def render_additions(additions, **context):
    """The additions as HTML: one template for the preview, the patient's page and the PDF."""
    return render_to_string(
        "discharge/_additions.html", {"additions": Additions.coerce(additions), **context}
    )


def _link(token):
    # SITE_URL, not the request's Host: the link is printed and must point at the real site.
    return settings.SITE_URL + reverse("discharge_link", args=[token])


def _map_context(request, discharge_map, token):
    """What the preview and the patient's page both show: the map, the additions, the link."""
    patient_map = load_map(QueryDict(discharge_map.params))
    if isinstance(patient_map, Invalid):
        return None
    link = _link(token)
    return {
        "discharge_map": discharge_map,
        "patient_map": patient_map,
        "has_demo": patient_map.has_demo,
        "page": presenters.map_page(patient_map),
        "additions": _additions(discharge_map, token),
        "link": link,
        "qr": pdf.qr_data_uri(link),
        "token": token,
    }


def _readable_map(request, map_id):
    """This user's map and, if this session still holds its token, what its pages show."""
    discharge_map = _get_map_for_user(request, map_id)
    token = _session_token(request, discharge_map)
    return discharge_map, (_map_context(request, discharge_map, token) if token else None)


def _sealed(request, discharge_map, status=200):
    # The token left with the session that made the map: nobody here can read it any more.
    context = {"discharge_map": discharge_map}
    return render(request, "discharge/sealed.html", context, status=status)


def _pdf_response(request, context, page_url):
    """The PDF with the additions, or (if WeasyPrint fails) the page that offers the printable map.
    Rendered in memory, never written to disk, never cached; errors log the map id, not content."""
    patient_map = context["patient_map"]
    try:
        personal_html = render_additions(context["additions"])
        body = pdf.render_pdf(
            patient_map,
            personal_html=personal_html,
            link=context["link"],
            large=pdf.large_print(request.GET),
        )
    except Exception:
        logger.exception("PDF rendering failed for discharge map %s", context["discharge_map"].id)
        return render(request, "pathways/pdf_failed.html", {"map_url": page_url}, status=503)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(patient_map.municipality)}"'
    return response


# Staff


@require_GET
@login_required
@personal
def workspace(request):
    maps = DischargeMap.objects.made_by(request.user).current()
    return render(request, "discharge/workspace.html", {"maps": maps})


def _prefill(params):
    """Initial answers from a map URL's parameters, when the staff member came from a map."""
    names = MapQueryForm.base_fields
    initial = {name: params.get(name) for name in names if params.get(name)}
    if "behov" in params:
        initial["behov"] = params.getlist("behov")
    return initial


@require_http_methods(["GET", "POST"])
@login_required
@personal
def new_map(request):
    if request.method == "POST":
        form = DischargeMapForm(request.POST)
        contacts = ContactFormSet(request.POST, prefix="kontakt")
        appointments = AppointmentFormSet(request.POST, prefix="besok")
        if form.is_valid() and contacts.is_valid() and appointments.is_valid():
            additions = {
                **form.additions_text(),
                "contacts": filled_rows(contacts),
                "appointments": [
                    {**row, "when": row["when"].isoformat() if row.get("when") else None}
                    for row in filled_rows(appointments)
                ],
            }
            discharge_map, token = DischargeMap.create(
                user=request.user,
                unit=form.cleaned_data["unit"],
                params=map_query(form.situation()),
                additions=additions,
            )
            _remember_token(request, discharge_map, token)
            AuditEvent.record(AuditEvent.Action.CREATE, discharge_map, request.user)
            return redirect("staff_preview", discharge_map.id)
    else:
        initial = _prefill(request.GET)
        previous = DischargeMap.objects.made_by(request.user).only("unit").first()
        if previous:
            initial.setdefault("unit", previous.unit)
        form = DischargeMapForm(initial=initial)
        contacts = ContactFormSet(prefix="kontakt")
        appointments = AppointmentFormSet(prefix="besok")
    context = {
        "form": form,
        "contacts": contacts,
        "appointments": appointments,
        "contacts_open": folded_rows_typed_in(contacts),
        "appointments_open": folded_rows_typed_in(appointments),
        "errors": error_summary(form, contacts, appointments) if form.is_bound else [],
        "days": settings.DISCHARGE_MAP_DAYS,
    }
    return render(request, "discharge/new.html", context)


@require_GET
@login_required
@personal
def preview(request, map_id):
    discharge_map, context = _readable_map(request, map_id)
    if context is None:
        return _sealed(request, discharge_map)
    return render(request, "discharge/preview.html", context)


@require_GET
@login_required
@personal
def print_pdf(request, map_id):
    discharge_map, context = _readable_map(request, map_id)
    if context is None:
        return _sealed(request, discharge_map, status=404)
    response = _pdf_response(request, context, reverse("staff_preview", args=[map_id]))
    if response.status_code == 200:
        AuditEvent.record(AuditEvent.Action.PRINT, discharge_map, request.user)
    return response


@require_http_methods(["GET", "POST"])
@login_required
@personal
def delete_map(request, map_id):
    discharge_map = _get_map_for_user(request, map_id)
    if request.method == "POST":
        AuditEvent.record(AuditEvent.Action.DELETE, discharge_map, request.user)
        _forget_token(request, discharge_map)
        discharge_map.delete()
        messages.success(request, _("Utskrivningskartan är raderad. Länken fungerar inte längre."))
        return redirect("staff_workspace")
    return render(request, "discharge/delete.html", {"discharge_map": discharge_map})


# The patient's link: no sign-in, read-only


def _unavailable(request):
    """Expired, deleted or never made: the same page, so a link reveals nothing about itself."""
    return render(
        request,
        "discharge/unavailable.html",
        {"start_url": reverse("start")},
        status=404,
    )


def _open(request, token):
    """(DischargeMap, context) for a current map this token opens, else (None, None)."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None, None
    discharge_map = DischargeMap.find(token)
    if discharge_map is None:
        return None, None
    try:
        context = _map_context(request, discharge_map, token)
    except CannotDecrypt:
        return None, None
    return (discharge_map, context) if context else (None, None)


@require_GET
@personal
def discharge_link(request, token):
    discharge_map, context = _open(request, token)
    if discharge_map is None:
        return _unavailable(request)
    AuditEvent.record(AuditEvent.Action.OPEN, discharge_map, request.user)
    context["pdf_url"] = reverse("discharge_pdf", args=[token])
    context["ics_url"] = reverse("discharge_ics", args=[token])
    return render(request, "discharge/patient.html", context)


@require_GET
@personal
def discharge_pdf(request, token):
    discharge_map, context = _open(request, token)
    if discharge_map is None:
        return _unavailable(request)
    response = _pdf_response(request, context, reverse("discharge_link", args=[token]))
    if response.status_code == 200:
        AuditEvent.record(AuditEvent.Action.PRINT, discharge_map, request.user)
    return response


@require_GET
@personal
def discharge_ics(request, token):
    discharge_map, context = _open(request, token)
    if discharge_map is None:
        return _unavailable(request)
    body = ics.calendar(
        context["additions"].appointments,
        uid_prefix=discharge_map.id,
        now=timezone.now(),
        domain=request.get_host().split(":")[0] or "rehabkartan",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="besok.ics"'
    return response
