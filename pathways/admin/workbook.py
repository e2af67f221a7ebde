"""A region's workbook in admin, for its editors: download it, and import one back.

The same workbook as `manage.py export_region` / `import_region` (pathways.workbook). The import
is a preview first: the counts per sheet and each row that would be added or changed, in words;
nothing is saved until the editor confirms, and then all or nothing. The uploaded file waits for
the confirmation in the temporary folder, named in a signed token that only its uploader can use,
for an hour. An editor downloads and imports only the regions they edit (pathways.admin.regions),
and only the kinds of rows they may change in admin; a superuser, any region.
"""

import hashlib
import re
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import safe_files
from ..models import Region
from ..workbook import export_region, import_workbook
from .regions import region_ids

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SALT = "pathways.admin.workbook"
WAITING = re.compile(r"arbetsbok-[\w-]+\.xlsx")
TOKEN_MAX_AGE = 3600


def editable_regions(request):
    ids = region_ids(request)
    return Region.objects.all() if ids is None else Region.objects.filter(pk__in=ids)


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Arbetsbok (XLSX)"),
        help_text=gettext_lazy(
            "En arbetsbok som du har laddat ner här och ändrat i ett kalkylprogram."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE}),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > settings.IMPORT_MAX_BYTES:  # refused before it is read into memory
            raise ValidationError(safe_files.too_large())
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def _keep(content: bytes, user) -> str:
    """Stores the previewed file until it is confirmed; the token names it, its uploader and its
    contents, so the confirmed file is the one the editor saw. Files of previews never confirmed
    go once their token has expired."""
    folder = Path(tempfile.gettempdir())
    for old in folder.glob("arbetsbok-*.xlsx"):
        if old.stat().st_mtime < time.time() - TOKEN_MAX_AGE:
            old.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile(delete=False, prefix="arbetsbok-", suffix=".xlsx") as f:
        f.write(content)
    return signing.dumps(
        {"file": Path(f.name).name, "user": user.pk, "sha256": hashlib.sha256(content).hexdigest()},
        salt=SALT,
    )


def _kept(token: str, user) -> tuple[Path, bytes]:
    try:
        kept = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise PermissionDenied from None
    path = Path(tempfile.gettempdir()) / kept["file"]
    if kept["user"] != user.pk or not WAITING.fullmatch(kept["file"]) or not path.exists():
        raise PermissionDenied
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != kept["sha256"]:
        raise PermissionDenied
    return path, content


def export_view(request, slug):
    """The region's workbook as a download (404 for a region the editor does not edit)."""
    if not request.user.has_perm("pathways.view_region"):
        raise PermissionDenied
    region = get_object_or_404(editable_regions(request), slug=slug)
    response = HttpResponse(export_region(region), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{region.slug}.xlsx")
    return response


def import_view(request):
    """Upload → preview (nothing saved) → confirm (all or nothing)."""
    regions = editable_regions(request)
    if not request.user.has_perm("pathways.view_region") or not regions.exists():
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Importera en arbetsbok"),
        "regions": regions,
        "form": UploadForm(),
    }
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmForm(request.POST)
        if not confirm.is_valid():
            raise PermissionDenied
        path, content = _kept(confirm.cleaned_data["token"], request.user)
        report = import_workbook(
            content, commit=True, regions=region_ids(request), user=request.user
        )
        if report.committed:
            path.unlink()
            messages.success(request, _("Arbetsboken är importerad. Ändringarna syns på kartan."))
            return redirect("admin:index")
        context["report"] = report
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            content = form.cleaned_data["workbook"].read()
            report = import_workbook(content, regions=region_ids(request), user=request.user)
            context["report"] = report
            if not report.errors:
                context["confirm_form"] = ConfirmForm(
                    initial={"token": _keep(content, request.user)}
                )
    return TemplateResponse(request, "admin/pathways/workbook_import.html", context)
