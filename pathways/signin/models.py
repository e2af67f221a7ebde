"""The sign-in audit, and the TOTP steps already used.

Both live in the database, not the cache: the limits in pathways.signin.limits count the audit's
rows, and a cache that fails open (navigator/cache.py) must not let a code be used twice or a
guess go uncounted. No row ever holds a password or a code.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A login as typed is kept only this long: enough to recognise a typo, too short for a password
# pasted into the wrong field to be kept whole.
LOGIN_MAX_LENGTH = 64


class SignInEvent(models.Model):
    class Event(models.TextChoices):
        SIGNED_IN = "inloggad", _("Inloggad")
        FAILED = "misslyckad", _("Misslyckad inloggning")
        LOCKED = "sparrad", _("Spärrad: för många misslyckade försök")
        TOTP_FAILED = "fel_kod", _("Fel kod (tvåstegsverifiering)")
        TOTP_REPLAYED = "kod_igen", _("Redan använd kod nekad")
        TOTP_PAUSED = "kod_pausad", _("Kodsteget pausat: för många fel koder")
        RECOVERY_CODE = "reservkod", _("Reservkod använd")

    at = models.DateTimeField(_("tid"), default=timezone.now, db_index=True)
    event = models.CharField(_("händelse"), max_length=20, choices=Event.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # The user's name, or for a failed sign-in the login as typed (trimmed, shortened).
    login = models.CharField(_("konto"), max_length=LOGIN_MAX_LENGTH, blank=True)
    ip = models.GenericIPAddressField(_("adress"), null=True, blank=True)

    class Meta:
        verbose_name = _("inloggningshändelse")
        verbose_name_plural = _("inloggningshändelser")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["event", "ip", "at"], name="signin_event_ip_at"),
            models.Index(fields=["event", "user", "at"], name="signin_event_user_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_event_display()} {self.login}"


class UsedTOTPStep(models.Model):
    """The latest 30-second step whose code signed this authenticator in: that code, and every
    earlier one, is refused from then on (RFC 6238, 5.2)."""

    authenticator = models.OneToOneField(
        "mfa.Authenticator", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    step = models.BigIntegerField()

    class Meta:
        verbose_name = _("använt kodsteg")
        verbose_name_plural = _("använda kodsteg")

    def __str__(self):
        return f"{self.authenticator_id}: {self.step}"
