"""A TOTP code counts once: the step it belongs to is claimed in the database.

allauth marks used codes in the cache, which forgets them when Redis is down (navigator/cache.py
fails open). Here the latest used step of each authenticator is a row, moved forward by one
conditional UPDATE, so two requests with the same code cannot both succeed, whatever the cache does.
"""

from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt

from .models import UsedTOTPStep


def matching_step(authenticator, code):
    """The time step (within allauth's tolerance) whose code this is, or None."""
    secret = decrypt(authenticator.data["secret"])
    for step in yield_hotp_counters_from_time():
        if compare_user_code(actual=code, expected=format_hotp_value(hotp_value(secret, step))):
            return step
    return None


def claim(authenticator, step):
    """True if no code of this step or a later one has been used yet; the step is now used."""
    _, created = UsedTOTPStep.objects.get_or_create(
        authenticator=authenticator, defaults={"step": step}
    )
    if created:
        return True
    return (
        UsedTOTPStep.objects.filter(authenticator=authenticator, step__lt=step).update(step=step)
        == 1
    )
