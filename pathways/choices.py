"""The vocabulary: every answer's tokens, defined here once. Stored values are the public URL's
tokens, so the database, the query string and the JSON API speak one vocabulary.

Django's enumerations rather than plain ones because the tokens need their words: the admin's
choices, the questions and the map show the labels, translated lazily. They import without a
database or settings, so the pure rules (pathways.situation, pathways.rules) use them as well.
Which question each enumeration answers is declared in pathways.situation.QUESTIONS.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The token of "I don't know" (and, for an optional question, of not saying), wherever one is
# accepted: the URL's niva, plats, forlopp and orsak.
DONT_KNOW = "vet_ej"


class YesNo(models.TextChoices):
    """The tokens of every yes-or-no question (inlagd, ta_sig), in the map URL's words."""

    YES = "ja", _("Ja")
    NO = "nej", _("Nej")


# The yes-or-no questions as a rule's condition, in the staff's words.
class InHospital(models.TextChoices):
    YES = YesNo.YES.value, _("Inlagd på sjukhus nu")
    NO = YesNo.NO.value, _("Inte inlagd")


class Housing(models.TextChoices):
    ORDINARY = "ordinart", _("Ordinärt boende")
    SPECIAL = "sarskilt", _("Särskilt boende")
    LSS = "lss", _("Bostad med särskild service enligt LSS – gruppbostad eller servicebostad")
    SHORT_TERM = "korttid", _("Korttidsboende eller korttidsvistelse")


class ReachesCentre(models.TextChoices):
    YES = YesNo.YES.value, _("Tar sig till hälsocentralen")
    NO = YesNo.NO.value, _("Tar sig inte till hälsocentralen")


class AgeGroup(models.TextChoices):
    """The person's age, in the person's words. `vuxen` is 20–84 as an answer, and stays the
    default, so a link made before the narrower answers keeps its meaning; in a rule row it means
    18 or older (pathways.situation, Question.broader)."""

    CHILD = "barn", _("Under 18 år")
    YOUNG = "ung", _("18–19 år")
    ADULT = "vuxen", _("20–84 år")
    OLD = "85plus", _("85 år eller äldre")


# The age as a rule's condition, in the staff's words: a row's `vuxen` covers `ung` and `85plus`.
class AgeCondition(models.TextChoices):
    ADULT = AgeGroup.ADULT.value, _("Vuxen (18 år eller äldre)")
    YOUNG = AgeGroup.YOUNG.value, _("18–19 år")
    OLD = AgeGroup.OLD.value, _("85 år eller äldre")
    CHILD = AgeGroup.CHILD.value, _("Barn (under 18 år)")


class Level(models.IntegerChoices):
    ONE = 1, _("Nivå 1")
    TWO = 2, _("Nivå 2")
    THREE = 3, _("Nivå 3")


class Place(models.TextChoices):
    """Where the rehabilitation happens or will happen: the care-level question in a patient's words.

    The map URL's `plats`; pathways/query.py maps each place onto a care level (`niva`).
    """

    HOME = "hemma", _("Hemma")
    HEALTH_CENTRE = "halsocentral", _("På mottagningen i primärvården")
    HOSPITAL = "sjukhus", _("På en mottagning på sjukhuset")
    SPECIALISED = "specialiserad", _("På en specialiserad rehabiliteringsenhet")


class Process(models.TextChoices):
    SUDDEN = "plotslig", _("Plötslig skada eller sjukdom")
    LONG_TERM = "langvarig", _("Långvarig sjukdom som förändras")


class Cause(models.TextChoices):
    """What happened: why the person needs rehabilitation (the URL's optional `orsak`)."""

    STROKE = "stroke", _("Stroke (slaganfall)")
    HEART = "hjarta", _("Hjärtsjukdom, till exempel hjärtinfarkt")
    FRACTURE = "fraktur", _("Ett benbrott")
    NEUROLOGICAL = "neurologisk", _("MS, Parkinsons sjukdom eller annan neurologisk sjukdom")
    DEMENTIA = "demens", _("Demens")
    CANCER = "cancer", _("En cancersjukdom")
    PALLIATIVE = "palliativ", _("Vård i livets slutskede")
    DISABILITY = "funktionsnedsattning", _("En funktionsnedsättning sedan födseln eller barndomen")
    OTHER = "annat", _("Något annat")


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    RELATIVE = "narstaende", _("Närstående")


class Need(models.TextChoices):
    AIDS = "hjalpmedel", _("Hjälpmedel")
    HOME_ADAPTATION = "bostadsanpassning", _("Bostadsanpassning")
    TRAVEL = "resor", _("Resor till vården")
    MEDICINES = "lakemedel", _("Läkemedel och recept")
    WORK = "arbete", _("Arbete och sjukskrivning")
    RELATIVES = "narstaende", _("Stöd till närstående")


class Principal(models.TextChoices):
    REGION = "region", _("Regionen")
    MUNICIPALITY = "kommun", _("Kommunen")
    PRIVATE = "privat", _("Privat vårdgivare med avtal med regionen")
    ASSOCIATION = "forening", _("Förening")
    NATIONAL = "nationell", _("Nationell tjänst")


class UnitKind(models.TextChoices):
    HEALTH_CENTRE = "halsocentral", _("Hälsocentral/vårdcentral")
    MUNICIPAL_REHAB = "kommunal_rehab", _("Kommunal rehabilitering")
    HOSPITAL_REHAB = "sjukhusrehab", _("Rehabilitering på sjukhus")
    SPECIALISED_REHAB = "specialiserad_rehab", _("Specialiserad rehabilitering")
    AIDS_CENTRE = "hjalpmedel", _("Hjälpmedelscentral")
    HOME_ADAPTATION = "bostadsanpassning", _("Bostadsanpassning")
    SICK_TRAVEL = "sjukresor", _("Sjukresor")
    PRIVATE_PHYSIO = "privat_fysioterapeut", _("Privat fysioterapeut")
    PATIENT_ASSOCIATION = "patientforening", _("Patientförening")
    WARM_WATER_POOL = "varmvattenbassang", _("Varmvattenbassäng")
    ADVICE_LINE = "radgivning", _("Rådgivning och akut hjälp")
    SWITCHBOARD = "vaxel", _("Växel")
    OTHER = "annat", _("Annat")


class ComparedWith(models.TextChoices):
    """What a person compared a row with on the day in `reviewed_on`."""

    LIVE_PAGE = "sida", _("webbsidan som den såg ut den dagen")
    STORED_COPY = "kopia", _("en sparad kopia av webbsidan")
    DOCUMENT = "dokument", _("ett dokument")


class Section(models.TextChoices):
    """The map's sections beyond "who is responsible for what"."""

    WHERE_TO_TURN = "fragor", _("Vart du vänder dig med frågor")
    EXPECT = "forvanta", _("Vad du kan förvänta dig")
    EXPECTED_OF_YOU = "forvantas", _("Vad som förväntas av dig och dina närstående")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")
    REHAB_PLAN = "rehabplan", _("Rehabiliteringsplan")
    SIP = "sip", _("SIP – samordnad individuell plan")
    DISCHARGE = "utskrivning", _("Samordnad utskrivning")
    MOTIVATION = "motivation", _("Motivation och stöd")
    DIRECT_ACCESS = "direktatkomst", _("Direkt till fysioterapeut")
    AIDS_RULES = "hjalpmedel", _("Regler för hjälpmedel")
    TRAVEL_RULES = "sjukresor", _("Regler för sjukresor")
    MEDICINES_RULES = "lakemedel", _("Läkemedel och förnyelse av recept")
    WORK = "arbete", _("Arbete och sjukskrivning")
    RIGHTS = "rattigheter", _("Dina rättigheter och kostnader")
    WHEN_WRONG = "nar_fel", _("När något går fel")


# The topic (a row of Topic, fixtures/national.json) whose principal holds the main responsibility.
MAIN_TOPIC = "rehabilitering"
# The topic of habilitering: a child's first contact when the child has a long-term condition.
HABILITATION_TOPIC = "habilitering"

# The rule sections a person can say they need; those come first on the map, the rest folded.
RULE_SECTIONS = {
    Section.AIDS_RULES: Need.AIDS,
    Section.TRAVEL_RULES: Need.TRAVEL,
    Section.MEDICINES_RULES: Need.MEDICINES,
}
