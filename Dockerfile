# Production image: multi-stage, static files collected at build, runs as a non-root user.
FROM python:3.12-slim-bookworm AS build
WORKDIR /app
RUN python -m venv /venv
# The locked versions, each checked against its hash (`make lock` writes requirements.lock).
COPY requirements.lock ./
RUN /venv/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY navigator navigator
COPY pathways pathways
RUN /venv/bin/pip install --no-cache-dir --no-deps .

FROM python:3.12-slim-bookworm
# Pango and HarfBuzz for WeasyPrint (the subsetter makes PDFs ~10x faster); fonts ship in static/.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 999 --home /app rehab
WORKDIR /app
COPY --from=build /venv /venv
COPY . .
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# A throwaway key only for collectstatic; the running container must be given its own SECRET_KEY.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0
USER rehab
EXPOSE 8000
# Liveness only (touches neither database nor cache), asked as the site's own host: Django answers
# any other Host with 400.
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import os, urllib.request as u; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip(); u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"
# Preload, worker recycling, the access log without link tokens, no Server banner: gunicorn.conf.py.
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
