#!/usr/bin/env python3
"""Writes what the site shows for every municipality and a spread of situations into a folder, so
that a change meant to leave the output alone (a cache, a faster template) can be checked by
comparing two folders: the map page (Swedish and English), the responsibility overview, the JSON
and the PDF's text.

    DEBUG=1 .venv/bin/python scripts/same_output.py /tmp/before   # on the old code
    DEBUG=1 .venv/bin/python scripts/same_output.py /tmp/after    # on the new code, same day
    diff -r /tmp/before /tmp/after && echo identical

Each page is rendered twice in one process (the first time into empty caches, the second after
every other situation has filled them) and both renders must be the same, or the script stops.
Runs on the configured database with the demo data (make benchmark loads it). The CSP nonce and
a CSRF token, new on every request, are written as "N" and "T" (the language switch takes no
token, navigator/urls.py: a kept page leaves it empty).
"""

import os
import re
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from pathways import pdf  # noqa: E402
from pathways.models import Municipality  # noqa: E402
from pathways.query import Invalid, load_map  # noqa: E402

SITUATIONS = [
    "",
    "&inlagd=ja",
    "&inlagd=ja&niva=2&forlopp=plotslig&behov=hjalpmedel&behov=resor",
    "&inlagd=ja&roll=narstaende&behov=lakemedel&behov=narstaende",
    "&inlagd=ja&boende=sarskilt&alder=barn",
    "&ta_sig=nej",
    "&ta_sig=nej&behov=resor&behov=bostadsanpassning",
    "&boende=sarskilt&behov=hjalpmedel",
    "&boende=sarskilt&roll=narstaende&behov=lakemedel",
    "&alder=barn&roll=narstaende",
    "&alder=barn&ta_sig=nej&niva=1",
    "&niva=3&forlopp=langvarig&behov=arbete&behov=bostadsanpassning",
    "&niva=vet_ej&forlopp=langvarig&behov=arbete",
    "&plats=hemma&orsak=stroke&behov=narstaende",
    "&plats=sjukhus&orsak=fraktur&behov=hjalpmedel&behov=resor&behov=lakemedel",
    "&plats=specialiserad&orsak=neurologisk&roll=narstaende",
    "&orsak=demens&boende=sarskilt&inlagd=ja&behov=narstaende",
    "&orsak=palliativ&ta_sig=nej&roll=narstaende&behov=hjalpmedel",
    "&alder=barn&orsak=funktionsnedsattning&behov=hjalpmedel&behov=resor",
    "&behov=hjalpmedel&behov=bostadsanpassning&behov=resor&behov=lakemedel&behov=arbete&behov=narstaende",
]
ENGLISH = SITUATIONS[:6]  # a page in English for a few situations (the fixed phrases translated)
PDFS = [SITUATIONS[0], SITUATIONS[2], SITUATIONS[8]]
NONCE = re.compile(rb'nonce="[^"]*"')
CSRF = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"')


def page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    return CSRF.sub(rb'\1T"', NONCE.sub(b'nonce="N"', response.content))


def pdf_text(patient_map):
    import pypdfium2  # a dev dependency, as in tests/paper.py

    document = pypdfium2.PdfDocument(pdf.render_pdf(patient_map))
    return "\n".join(p.get_textpage().get_text_range() for p in document)


def main(folder):
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    client = Client(HTTP_HOST=host.lstrip("."))
    codes = sorted(Municipality.objects.values_list("code", flat=True))
    urls = []
    for code in codes:
        urls += [(f"/karta/?kommun={code}{s}", "sv") for s in SITUATIONS]
        urls += [(f"/karta/?kommun={code}{s}", "en") for s in ENGLISH]
        urls += [(f"/api/karta/?kommun={code}{s}", "sv") for s in SITUATIONS[:4]]
        urls += [(f"/ansvar/{code}/", language) for language in ("sv", "en")]
    first = {key: page(client, *key) for key in urls}
    caches["local"].clear()  # rendered pages gone; what they are made of stays warm
    for number, key in enumerate(urls):
        again = page(client, *key)
        assert again == first[key], f"{key}: a second render differs from the first"
        (out / f"{number:04d}-{key[1]}.html").write_bytes(key[0].encode() + b"\n" + again)
    with translation.override(settings.LANGUAGE_CODE):
        for code in codes:
            for number, situation in enumerate(PDFS):
                patient_map = load_map(QueryDict(f"kommun={code}{situation}"))
                assert not isinstance(patient_map, Invalid)
                (out / f"pdf-{code}-{number}.txt").write_text(pdf_text(patient_map))
    print(f"{len(urls)} pages and {len(codes) * len(PDFS)} PDFs written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
