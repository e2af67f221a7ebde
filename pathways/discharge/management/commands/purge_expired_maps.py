"""Delete discharge maps past their expiry date. Run it hourly (README: cron or a systemd timer).

The audit trails hold no content, only who did what with which map id, and who signed in, failed
or was stopped, and when. Both follow one rule: kept for AUDIT_DAYS days, or for good with 0.
Expired sessions are cleared too: a staff session keeps the token of a map it made until it ends,
and an abandoned one (browser closed, no sign-out) should not keep it in the database for long.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from pathways.discharge.models import AuditEvent, DischargeMap
from pathways.signin.models import SignInEvent


class Command(BaseCommand):
    help = "Raderar utskrivningskartor vars giltighetstid har gått ut."

    def handle(self, *args, **options):
        now = timezone.now()
        with transaction.atomic():
            expired = list(DischargeMap.objects.expired(now).only("id", "unit"))
            AuditEvent.objects.bulk_create(
                AuditEvent(action=AuditEvent.Action.PURGE, at=now, unit=m.unit, map_id=m.id)
                for m in expired
            )
            DischargeMap.objects.filter(pk__in=[m.pk for m in expired]).delete()
            if settings.AUDIT_DAYS:
                kept_from = now - timedelta(days=settings.AUDIT_DAYS)
                for audit in (AuditEvent, SignInEvent):
                    audit.objects.filter(at__lt=kept_from).delete()
        call_command("clearsessions")
        self.stdout.write(f"Raderade {len(expired)} utgångna utskrivningskartor.")
