"""The admin pages editors use speak Swedish, also where Django's own Swedish catalog is silent."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_choice_fields_empty_choice_is_swedish(admin_client):
    html = admin_client.get(reverse("admin:pathways_unit_add")).content.decode()
    assert "- Välj ett alternativ -" in html
    assert "Select an option" not in html
