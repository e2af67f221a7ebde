"""The map as JSON for other systems: /api/karta/?<the same parameters as /karta/>.

The schema is pathways/openapi.py, served as /api/openapi.json and /api/openapi.yaml.
"""

import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .. import openapi, presenters
from ..query import Invalid, load_map


@require_GET
def api_map(request):
    patient_map = load_map(request.GET)
    if isinstance(patient_map, Invalid):
        rows = presenters.parameter_errors(request.GET, patient_map.errors)
        body = {
            "error": str(presenters.INVALID_PARAMETERS),
            "errors": {name: messages for name, _label, _value, messages in rows},
        }
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    response = JsonResponse(
        presenters.map_json(patient_map), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only, holds nothing personal
    return response


@require_GET
def openapi_json(request):
    return JsonResponse(openapi.SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def openapi_yaml(request):
    """The same document at its first address: JSON is valid YAML 1.2, so no YAML writer."""
    body = json.dumps(openapi.SCHEMA, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/yaml; charset=utf-8")
