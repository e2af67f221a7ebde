"""Who is responsible for what: the regional data behind every map.

Code holds the shape (the conditions, the principals, the sections); every fact about a region is a
row here, with its source and the date someone last checked it.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import choices, phone
from .choices import (
    AgeCondition,
    Cause,
    Housing,
    InHospital,
    Level,
    Principal,
    Process,
    ReachesCentre,
    Role,
)
from .rules import find_conflict
from .situation import CONDITION_NAMES
from .values import GuidanceOutcome, ResponsibilityOutcome, Rule, Source

# Every rule row is named (Rule.label) each time a catalog is read. Django's get_FOO_display()
# translates every choice to find one; these translate only the one shown.
PRINCIPAL_NAMES = dict(Principal.choices)
SECTION_NAMES = dict(choices.Section.choices)
# A relative's map (roll=narstaende) shows a text's relative form where it has one
# (docs/decisions/0010): the patient's text says "du" to the patient.
FOR_RELATIVE_HELP = _(
    "Samma sak skriven till en närstående: om personen (”hen”, ”personen du hjälper”), med "
    "”du” bara för det den närstående själv gör. Tomt om texten inte tilltalar patienten."
)


class SlugManager(models.Manager):
    """Lets fixtures refer to rows by slug instead of database ids."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ContentQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class SourcedContent(models.Model):
    """Every fact shown to a patient says where it comes from and when it was last checked."""

    source_title = models.CharField(_("källa"), max_length=300)
    source_url = models.URLField(_("källans webbadress"), max_length=500, blank=True)
    # The day a person compared the row with its source, and with what; both empty for a row
    # nobody has checked ("ej granskad"), which then shows no date.
    reviewed_on = models.DateField(_("senast granskad"), null=True, blank=True)
    compared_with = models.CharField(
        _("jämförd med"),
        max_length=10,
        choices=choices.ComparedWith.choices,
        blank=True,
        help_text=_("Vad uppgiften jämfördes med den dag den granskades."),
    )
    source_dated = models.DateField(
        _("källans datum"),
        null=True,
        blank=True,
        help_text=_(
            "Den sparade kopians eller dokumentets datum, som källan själv anger det. "
            "Tomt om källan inte är daterad."
        ),
    )
    # Set only by the review action or form (pathways.admin.review): empty means no editor has
    # reviewed the row since it was loaded or imported.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till och med"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demodata"),
        default=False,
        help_text=_("Markera om uppgiften inte kommer från ett namngivet offentligt underlag."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="%(class)s_valid_range",
                violation_error_message=_("”Gäller från” måste vara före ”gäller till”."),
            ),
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True, compared_with="")
                | (Q(reviewed_on__isnull=False) & ~Q(compared_with="")),
                name="%(class)s_reviewed_against_something",
                violation_error_message=_(
                    "En granskad uppgift säger vad den jämfördes med; en ogranskad har inget datum."
                ),
            ),
        ]

    def as_source(self) -> Source:
        """The row's source as the plain value the rules and the map carry."""
        return Source(
            title=self.source_title,
            url=self.source_url,
            reviewed_on=self.reviewed_on,
            compared_with=self.compared_with,
            source_dated=self.source_dated,
            is_demo=self.is_demo,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )


class ChoiceConstraint(models.CheckConstraint):
    """A column holds one of its field's choices. The database refuses any other value; in Python,
    Model.clean_fields has already checked the field's choices (and said so in Swedish), so this
    constraint is not validated again: Django would ask the database once per row and constraint,
    some 1,200 queries to import a region's workbook."""

    def validate(self, model, instance, exclude=None, using=None):
        pass  # clean_fields checks the field's choices

    def deconstruct(self):
        # To migrations, the CheckConstraint it is in the database.
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs


def _choice_check(field, choices_class, name, blank=False):
    allowed = [*choices_class.values, ""] if blank else choices_class.values
    return ChoiceConstraint(condition=Q(**{f"{field}__in": allowed}), name=name)


class Region(models.Model):
    name = models.CharField(
        _("namn"), max_length=100, unique=True, help_text=_("Som regionen själv skriver det.")
    )
    slug = models.SlugField(_("kortnamn"), unique=True)
    health_centre_word = models.CharField(
        _("ordet för hälsocentral"),
        max_length=50,
        help_text=_("Regionens eget ord, i obestämd form: hälsocentral, vårdcentral …"),
    )
    health_centre_word_definite = models.CharField(
        _("ordet för hälsocentral, bestämd form"),
        max_length=50,
        help_text=_("hälsocentralen, vårdcentralen …"),
    )
    home_care_word = models.CharField(
        _("ordet för kommunal hemsjukvård"), max_length=80, default="hemsjukvård"
    )
    web = models.URLField(_("webbplats"), blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_regions",
        verbose_name=_("redaktörer"),
        help_text=_("Användare som får ändra regionens uppgifter i administrationen."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("granskas var (månader)"),
        default=12,
        help_text=_("Hur ofta regionens uppgifter ska granskas."),
    )

    objects = SlugManager()
    history = HistoricalRecords(excluded_fields=["editors"])

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class MunicipalityManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Municipality(models.Model):
    name = models.CharField(_("namn"), max_length=100, help_text=_("Kommunens officiella namn."))
    authority_name = models.CharField(
        _("myndighetens namn"),
        max_length=120,
        help_text=_("Som huvudman, i genitiv: t.ex. ”… kommun” eller ”… stad”."),
    )
    code = models.CharField(
        _("kommunkod"), max_length=4, unique=True, help_text=_("SCB:s fyrsiffriga kod.")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    latitude = models.DecimalField(
        _("latitud"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Centralortens läge; används för att hitta närmaste mottagning."),
    )
    longitude = models.DecimalField(
        _("longitud"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    minority_languages = models.CharField(
        _("nationella minoritetsspråk"),
        max_length=200,
        blank=True,
        help_text=_("Förvaltningsområden, t.ex. finska, meänkieli, samiska."),
    )

    objects = MunicipalityManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"),
                name="municipality_code_4_digits",
                violation_error_message=_("Kommunkoden ska vara fyra siffror."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class CareLevel(SourcedContent):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="care_levels", verbose_name=_("region")
    )
    number = models.PositiveSmallIntegerField(_("nivå"), choices=Level.choices)
    name = models.CharField(_("namn"), max_length=120)
    description = models.TextField(_("beskrivning på lätt svenska"))
    where = models.TextField(_("var det sker"))
    description_for_relative = models.TextField(
        _("beskrivning till en närstående"), blank=True, help_text=FOR_RELATIVE_HELP
    )
    where_for_relative = models.TextField(_("var det sker, till en närstående"), blank=True)

    class Meta:
        verbose_name = _("vårdnivå")
        verbose_name_plural = _("vårdnivåer")
        ordering = ["region", "number"]
        constraints = [
            *SourcedContent.Meta.constraints,
            models.UniqueConstraint(
                fields=["region", "number"], name="care_level_unique_per_region"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=3), name="care_level_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.region}: {self.name}"


class Profession(models.Model):
    slug = models.SlugField(_("kortnamn"), unique=True)
    name = models.CharField(_("yrke"), max_length=80)
    description = models.TextField(_("vad de gör, på lätt svenska"))
    description_for_relative = models.TextField(
        _("vad de gör, till en närstående"), blank=True, help_text=FOR_RELATIVE_HELP
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = SlugManager()

    class Meta:
        verbose_name = _("yrke")
        verbose_name_plural = _("yrken")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Topic(models.Model):
    """An area of responsibility; its slug is part of the public JSON contract."""

    slug = models.SlugField(_("kortnamn"), unique=True)
    name = models.CharField(_("namn"), max_length=80)
    description = models.TextField(_("beskrivning"), blank=True)
    need = models.CharField(
        _("hör till behovet"),
        max_length=20,
        choices=choices.Need.choices,
        blank=True,
        help_text=_("Visas först för den som har angett behovet."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = SlugManager()

    class Meta:
        verbose_name = _("ansvarsområde")
        verbose_name_plural = _("ansvarsområden")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class PhoneFormField(forms.CharField):
    """A number as Swedes write it (070-174 06 05), read into the stored form, so an unchanged
    number is not a change; one that cannot be read is left for Unit.clean to refuse."""

    def prepare_value(self, value):
        return phone.display(value) if isinstance(value, str) else value

    def to_python(self, value):
        return phone.read(super().to_python(value))


class PhoneNumberField(models.CharField):
    """Stored as E.164 (+46701740605) or a short number's digits (1177): Unit.clean normalises it,
    pathways.phone formats it where it is shown, in a form too."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})


class Unit(SourcedContent):
    """A place or service a patient contacts."""

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=30, choices=choices.UnitKind.choices)
    principal = models.CharField(_("huvudman"), max_length=20, choices=Principal.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("region"),
        help_text=_("Tom för nationella kontakter."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("kommun"),
        help_text=_("Tom om enheten gäller hela regionen."),
    )
    care_level = models.PositiveSmallIntegerField(
        _("vårdnivå"), choices=Level.choices, null=True, blank=True
    )
    description = models.TextField(_("kort beskrivning"), blank=True)
    description_for_relative = models.TextField(
        _("kort beskrivning till en närstående"), blank=True, help_text=FOR_RELATIVE_HELP
    )
    address = models.CharField(_("besöksadress"), max_length=200, blank=True)
    phone = PhoneNumberField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    web = models.URLField(_("webbplats"), max_length=500, blank=True)
    opening_hours = models.CharField(_("öppettider"), max_length=200, blank=True)
    page_1177 = models.URLField(_("sida i Vårdguiden"), max_length=500, blank=True)
    # The contact details (phone, e-mail, opening hours, web pages) are often checked on another
    # page and day than the unit's description: they carry their own source and review date.
    contact_source_url = models.URLField(
        _("källa för kontaktuppgifterna"), max_length=500, blank=True
    )
    contact_reviewed_on = models.DateField(_("kontaktuppgifterna granskade"), null=True, blank=True)
    accepts_self_referral = models.BooleanField(
        _("tar emot utan remiss"),
        default=False,
        help_text=_("Egen vårdbegäran: du kan kontakta dem direkt."),
    )
    digital_options = models.CharField(_("digitala möjligheter"), max_length=300, blank=True)
    # The id of the unit in the national directory (HSA-katalogen), so that 1177 and others can
    # match our units with theirs (published as an HSDS identifier, pathways/hsds.py).
    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=31,
        blank=True,
        validators=[
            RegexValidator(
                r"^SE[0-9]{10}-[A-Z0-9]+$",
                _("Skriv HSA-id som i HSA-katalogen, t.ex. SE2321000230-E000000000001."),
            )
        ],
        help_text=_("Enhetens id i HSA-katalogen. Lämna tomt om du inte vet det."),
    )

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["name"]
        constraints = [
            *SourcedContent.Meta.constraints,
            _choice_check("kind", choices.UnitKind, "unit_kind_valid"),
            _choice_check("principal", Principal, "unit_principal_valid"),
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(region__isnull=False),
                name="unit_municipality_needs_region",
            ),
            models.CheckConstraint(
                condition=Q(care_level__isnull=True) | Q(care_level__in=[1, 2, 3]),
                name="unit_care_level_valid",
            ),
            models.UniqueConstraint(
                fields=["hsa_id"], condition=~Q(hsa_id=""), name="unit_hsa_id_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        self.hsa_id = self.hsa_id.strip().upper()  # HSA-katalogen writes them in capitals
        super().clean_fields(exclude)

    def clean(self):
        if self.municipality_id and self.municipality.region_id != self.region_id:
            raise ValidationError({"municipality": _("Kommunen hör inte till den valda regionen.")})
        try:
            self.phone = phone.normalise(self.phone)
        except phone.InvalidPhoneNumber:
            raise ValidationError(
                {"phone": _("Skriv ett svenskt telefonnummer, t.ex. 070-174 06 05.")}
            ) from None


class Conditions(SourcedContent):
    """When a row applies. An empty condition means "any"; more conditions make a row more specific."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("bara i kommunen"),
        help_text=_("Fyll i för att en kommun ska ha en egen regel."),
    )
    in_hospital = models.CharField(
        _("inlagd på sjukhus"), max_length=3, choices=InHospital.choices, blank=True
    )
    housing = models.CharField(_("boende"), max_length=10, choices=Housing.choices, blank=True)
    reaches_health_centre = models.CharField(
        _("tar sig till hälsocentralen"), max_length=3, choices=ReachesCentre.choices, blank=True
    )
    # In the staff's words: a row's `vuxen` is 18 or older and covers `ung` and `85plus`.
    age_group = models.CharField(_("ålder"), max_length=6, choices=AgeCondition.choices, blank=True)
    level = models.PositiveSmallIntegerField(
        _("vårdnivå"), choices=Level.choices, null=True, blank=True
    )
    process = models.CharField(_("förlopp"), max_length=10, choices=Process.choices, blank=True)
    cause = models.CharField(
        _("vad som har hänt"), max_length=20, choices=Cause.choices, blank=True
    )
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("företräde"),
        default=0,
        help_text=_(
            "0 för de flesta regler. En regel med högre företräde går före andra regler i samma "
            "situation, hur specifika de än är: skriv en gång att en regel gäller i stället för "
            "att upprepa den för varje fall."
        ),
    )

    CONDITION_FIELDS = CONDITION_NAMES  # a field above for each

    class Meta:
        abstract = True
        constraints = [
            *SourcedContent.Meta.constraints,
            _choice_check("in_hospital", InHospital, "%(class)s_in_hospital_valid", blank=True),
            _choice_check("housing", Housing, "%(class)s_housing_valid", blank=True),
            _choice_check(
                "reaches_health_centre", ReachesCentre, "%(class)s_reaches_valid", blank=True
            ),
            _choice_check("age_group", AgeCondition, "%(class)s_age_group_valid", blank=True),
            _choice_check("process", Process, "%(class)s_process_valid", blank=True),
            _choice_check("cause", Cause, "%(class)s_cause_valid", blank=True),
            _choice_check("role", Role, "%(class)s_role_valid", blank=True),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__in=[1, 2, 3]),
                name="%(class)s_level_valid",
            ),
        ]

    def clean(self):
        super().clean()
        if (
            self.municipality_id
            and self.region_id
            and self.municipality.region_id != self.region_id
        ):
            raise ValidationError({"municipality": _("Kommunen hör inte till den valda regionen.")})
        if self.region_id and self.is_complete():
            self._reject_ambiguity()

    def as_rule(self) -> Rule[Any]:
        """The row as the rules engine's plain Rule (the catalog's, and validation's below)."""
        return Rule(
            id=self.pk or 0,
            label=str(self),
            group=self.rule_group(),
            conditions={
                name: getattr(self, name)
                for name in self.CONDITION_FIELDS
                if getattr(self, name) not in ("", None)
            },
            source=self.as_source(),
            municipality_code=self.municipality.code if self.municipality is not None else None,
            outcome=self.rule_outcome(),
            professions=self.rule_professions(),
            priority=self.priority,
        )

    # Each kind of row says which rows compete (its group) and what it decides (its outcome).
    def rule_group(self) -> tuple[str, ...]:
        raise NotImplementedError

    def rule_outcome(self) -> ResponsibilityOutcome | GuidanceOutcome:
        raise NotImplementedError

    def rule_professions(self) -> tuple[str, ...]:
        return ()

    def _reject_ambiguity(self):
        siblings = [row.as_rule() for row in self.competitors().exclude(pk=self.pk)]
        if conflict := find_conflict(self.as_rule(), siblings):
            when = ", ".join(
                f"{name}={value}" for name, value in sorted(conflict.conditions.items())
            )
            raise ValidationError(
                _(
                    "Regeln krockar med ”%(other)s”: båda gäller i samma situation (%(when)s) och är lika "
                    "specifika men säger olika saker. Gör den ena mer specifik, eller ändra giltighetstiden."
                )
                % {"other": conflict.rule.label, "when": when or _("alla situationer")}
            )


class Responsibility(Conditions):
    """For this topic, in this situation, this principal answers and this is where to turn."""

    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="responsibilities",
        verbose_name=_("ansvarsområde"),
    )
    principal = models.CharField(_("ansvarig huvudman"), max_length=20, choices=Principal.choices)
    unit_kind = models.CharField(
        _("typ av enhet att vända sig till"),
        max_length=30,
        choices=choices.UnitKind.choices,
        blank=True,
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("bestämd enhet"),
        help_text=_("Lämna tomt för att välja enheten av rätt typ i personens kommun."),
    )
    text = models.TextField(_("text till patienten"))
    explanation = models.TextField(
        _("varför"),
        help_text=_("Regeln i klartext, t.ex. ”Du kan inte ta dig till hälsocentralen, därför …”"),
    )
    text_for_relative = models.TextField(
        _("text till en närstående"), blank=True, help_text=FOR_RELATIVE_HELP
    )
    explanation_for_relative = models.TextField(
        _("varför, till en närstående"),
        blank=True,
        help_text=_("T.ex. ”Personen kan inte ta sig till hälsocentralen, därför …”"),
    )
    # The easy-to-read map's text (/karta/lattlast/): the same facts as `text`, from the same
    # source, in lättläst svenska. Empty: that page says the easy version is missing.
    easy_text = models.TextField(
        _("lättläst text"),
        blank=True,
        help_text=_(
            "Samma fakta som texten, på lättläst svenska: korta meningar, en tanke i varje, "
            "vanliga ord. Skriv utan ”du”, så att både patienten och en närstående kan läsa den."
        ),
    )
    professions = models.ManyToManyField(
        Profession, blank=True, verbose_name=_("yrken du kan möta")
    )

    class Meta(Conditions.Meta):
        verbose_name = _("ansvar")
        verbose_name_plural = _("ansvar")
        ordering = ["region", "topic__order", "municipality"]
        constraints = [
            *Conditions.Meta.constraints,
            _choice_check("principal", Principal, "responsibility_principal_valid"),
            _choice_check(
                "unit_kind", choices.UnitKind, "responsibility_unit_kind_valid", blank=True
            ),
        ]

    def __str__(self):
        return (
            f"{self.topic}: {PRINCIPAL_NAMES.get(self.principal, self.principal)} ({self.region})"
        )

    def clean(self):
        # The admin offers only the region's and the national units; an import or a script may
        # name any unit, and a map would then send the patient to another region's unit.
        if self.unit_id and self.unit.region_id not in (None, self.region_id):
            raise ValidationError(
                {
                    "unit": _(
                        "Enheten hör till en annan region. Välj en enhet i radens region eller "
                        "en nationell enhet."
                    )
                }
            )
        super().clean()

    def is_complete(self):
        return bool(self.topic_id)

    def rule_group(self) -> tuple[str, ...]:
        return ("topic", self.topic.slug)

    def rule_outcome(self) -> ResponsibilityOutcome:
        return ResponsibilityOutcome(
            principal=self.principal,
            text=self.text,
            explanation=self.explanation,
            text_for_relative=self.text_for_relative,
            explanation_for_relative=self.explanation_for_relative,
            easy_text=self.easy_text,
            unit_kind=self.unit_kind,
            unit_id=self.unit_id,
        )

    def rule_professions(self) -> tuple[str, ...]:
        # An unsaved row has no professions yet; a saved one has them prefetched.
        return tuple(p.slug for p in self.professions.all()) if self.pk else ()

    def competitors(self):
        return (
            Responsibility.objects.filter(region_id=self.region_id, topic_id=self.topic_id)
            .select_related("topic", "region", "municipality")
            .prefetch_related("professions")
        )


class Guidance(Conditions):
    """A text of one of the map's other sections. Rows with the same key compete; the most specific wins."""

    section = models.CharField(_("avsnitt"), max_length=30, choices=choices.Section.choices)
    key = models.SlugField(
        _("nyckel"),
        max_length=60,
        help_text=_("Texter med samma nyckel ersätter varandra; den mest specifika visas."),
    )
    need = models.CharField(
        _("behov"),
        max_length=20,
        choices=choices.Need.choices,
        blank=True,
        help_text=_("Visa bara för den som angett behovet."),
    )
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    title_for_relative = models.CharField(
        _("rubrik till en närstående"), max_length=200, blank=True
    )
    text_for_relative = models.TextField(
        _("text till en närstående"), blank=True, help_text=FOR_RELATIVE_HELP
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta(Conditions.Meta):
        verbose_name = _("vägledning")
        verbose_name_plural = _("vägledning")
        ordering = ["region", "section", "order"]
        constraints = [
            *Conditions.Meta.constraints,
            _choice_check("section", choices.Section, "guidance_section_valid"),
            _choice_check("need", choices.Need, "guidance_need_valid", blank=True),
        ]

    def __str__(self):
        return f"{SECTION_NAMES.get(self.section, self.section)}: {self.title or self.key}"

    def is_complete(self):
        return bool(self.section and self.key)

    def rule_group(self) -> tuple[str, ...]:
        return ("guidance", self.section, self.key, self.need)

    def rule_outcome(self) -> GuidanceOutcome:
        return GuidanceOutcome(
            section=self.section,
            text=self.text,
            title=self.title,
            order=self.order,
            need=self.need,
            text_for_relative=self.text_for_relative,
            title_for_relative=self.title_for_relative,
        )

    def competitors(self):
        return Guidance.objects.filter(
            region_id=self.region_id, section=self.section, key=self.key, need=self.need
        ).select_related("municipality")


class DataVersion(models.Model):
    """Replaced on every change to a region's rows: workers' copies of its catalog, and its cached
    maps and PDFs, are used only while it matches (pathways.catalog, pathways.signals)."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, primary_key=True, related_name="data_version"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.region}: {self.version}"
