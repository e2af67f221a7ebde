"""Discharge maps made by staff, and the audit trail of what was done with them.

A DischargeMap row holds no readable personal data: the additions are AES-GCM ciphertext under a
key derived from the link's token (pathways.discharge.sealing), and the token itself is not stored. The
situation (the public map's parameters) is not personal and is kept plain so the map can be built.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import sealing


class DischargeMapQuerySet(models.QuerySet):
    def made_by(self, user):
        return self.filter(created_by=user)

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def current(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())


class DischargeMap(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    lookup = models.CharField(_("sökvärde"), max_length=64, unique=True, editable=False)
    params = models.CharField(_("kartans parametrar"), max_length=600)
    ciphertext = models.BinaryField(_("krypterade tillägg"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,  # the patient's link outlives a removed staff account
        null=True,
        related_name="discharge_maps",
        verbose_name=_("skapad av"),
    )
    unit = models.CharField(_("enhet"), max_length=200)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    expires_at = models.DateTimeField(_("upphör"), db_index=True)

    objects = DischargeMapQuerySet.as_manager()

    class Meta:
        verbose_name = _("utskrivningskarta")
        verbose_name_plural = _("utskrivningskartor")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.id)

    @classmethod
    def create(cls, *, user, unit, params, additions, now=None):
        """A new map and the token for its link. The token is returned once and never stored."""
        now = now or timezone.now()
        token = sealing.new_token()
        row = cls(
            lookup=sealing.lookup_for(token),
            params=params,
            created_by=user,
            unit=unit,
            created_at=now,
            expires_at=now + timedelta(days=settings.DISCHARGE_MAP_DAYS),
        )
        row.ciphertext = sealing.encrypt(token, row.id, additions)
        row.save()
        return row, token

    @classmethod
    def find(cls, token, now=None):
        """The current map this token opens, or None (unknown, expired: the caller cannot tell)."""
        return cls.objects.current(now).filter(lookup=sealing.lookup_for(token)).first()

    def additions(self, token) -> dict:
        return sealing.decrypt(token, self.id, self.ciphertext)


class AuditEvent(models.Model):
    """Who did what with which map, and when: never the map's content."""

    class Action(models.TextChoices):
        CREATE = "skapad", _("Skapad")
        PRINT = "utskriven", _("Utskriven (PDF)")
        OPEN = "oppnad", _("Öppnad via länk")
        DELETE = "raderad", _("Raderad")
        PURGE = "rensad", _("Rensad efter utgångsdatum")

    at = models.DateTimeField(_("tid"), default=timezone.now, db_index=True)
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # Kept as text too, so the trail still says who after an account is removed.
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    unit = models.CharField(_("enhet"), max_length=200, blank=True)
    map_id = models.UUIDField(_("kartans id"), db_index=True)

    class Meta:
        verbose_name = _("logghändelse")
        verbose_name_plural = _("logghändelser")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.map_id}"

    @classmethod
    def record(cls, action, discharge_map, user=None):
        signed_in = user is not None and user.is_authenticated
        return cls.objects.create(
            action=action,
            user=user if signed_in else None,
            username=user.get_username() if signed_in else "",
            unit=discharge_map.unit,
            map_id=discharge_map.id,
        )
