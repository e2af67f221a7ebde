import pytest

from pathways import phone


@pytest.mark.parametrize(
    ("written", "stored", "shown", "href"),
    [
        ("0920-45 30 00", "+46920453000", "0920-45 30 00", "tel:+46920453000"),
        ("020-96 00 96", "+4620960096", "020-96 00 96", "tel:+4620960096"),
        ("+46 243 49 78 70", "+46243497870", "0243-49 78 70", "tel:+46243497870"),
        ("08 123 45 67", "+4681234567", "08-123 45 67", "tel:+4681234567"),
        ("1177", "1177", "1177", "tel:1177"),
        ("112", "112", "112", "tel:112"),
    ],
)
def test_a_number_is_stored_normalised_shown_grouped_and_dialled(written, stored, shown, href):
    assert phone.normalise(written) == stored
    assert phone.read(written) == stored
    assert phone.display(stored) == shown
    assert phone.tel_uri(written) == href


@pytest.mark.parametrize("written", ["abc", "0920", "12345678901234567"])
def test_what_is_not_a_number_is_refused_and_never_dialled(written):
    with pytest.raises(phone.InvalidPhoneNumber):
        phone.normalise(written)
    assert phone.tel_uri(written) == ""
    assert phone.read(written) == written  # left for Unit.clean to refuse with its message


def test_empty_stays_empty():
    assert phone.normalise("  ") == ""
    assert phone.display("") == ""
    assert phone.tel_uri("") == ""
