import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
application = get_wsgi_application()
# The URLconf, and with it every view and WeasyPrint, now rather than on the first request: under
# gunicorn's preload_app this runs once, before the workers fork.
import_module(settings.ROOT_URLCONF)
