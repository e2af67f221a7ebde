"""The project's shared fixtures (tests/conftest.py): the regional data, a clean cache, the staff
personas. Imported, not copied, so the discharge app's tests run exactly like the rest."""

from tests.conftest import (  # noqa: F401
    _clear_cache,
    _default_language,
    _session_catalogs,
    admin_user,
    django_db_setup,
)
from tests.staff_fixtures import other_staff_user, staff_client, staff_user_with_mfa  # noqa: F401
