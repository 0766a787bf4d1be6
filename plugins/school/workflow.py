"""The school's support workflow (report section 1.2) and its form.

Stage I: the class teacher notices (core's noticing sheet opens the case with her responsible),
gathers information and acts. Stage II: when that is not enough she asks the support-learning
coordinator in; the coordinator holds none of stage I's roles, so core turns the step into a
handover the coordinator accepts, and from then on the coordinator is the school's case manager,
who draws up the individual support plan. Stage III: the coordinator passes the case to the
municipality; the stage names no roles, so core offers the municipality's case managers (the
municipality plugin's posts when it is enabled there), else its child protection specialists.
The case manager may hand it back to the coordinator; the case closes at the school (stage I
or II). Escalation to child protection from any stage is core's; child protection may hand the
case back to the school's coordinator.
"""

from __future__ import annotations

from core.api import (
    CHILD_PROTECTION_ROLE,
    CHILD_PROTECTION_STAGE_KEY,
    N_,
    Bilingual,
    FieldType,
    FormField,
    FormSchema,
    Level,
    Option,
    Stage,
    Transition,
    Workflow,
)
from plugins.school.roles import CLASS_TEACHER, COORDINATOR, NURSE, SPECIALIST

PLAN_FORM = "school.individual_plan"
NOBODY: frozenset[str] = frozenset()
TEACHERS = frozenset({CLASS_TEACHER})
COORDINATORS = frozenset({COORDINATOR})
# Whoever noticed at the school is responsible at stage I (core opens the case for the
# noticer) and may ask the coordinator in: the class teacher above all, but also a support
# specialist or the nurse, and the coordinator herself (she then takes stage II at once).
NOTICERS = frozenset({CLASS_TEACHER, SPECIALIST, NURSE, COORDINATOR})


def choice(key: str, et: str, en: str) -> Option:
    return Option(key, Bilingual(et, en))


INDIVIDUAL_PLAN = FormSchema(
    key=PLAN_FORM,
    version=1,
    title=Bilingual("Individuaalne õppekava", "Individual support plan (individual curriculum)"),
    description=Bilingual(
        "Ülesehitus järgib põhikooli- ja gümnaasiumiseaduse § 18 ning põhikooli riikliku "
        "õppekava nõudeid individuaalsele õppekavale (erisused kooli õppekavast: õpitulemused, "
        "õppesisu, õppeaeg ja -koormus, õppe korraldus ja tugi, hindamine, vahehindamine). "
        "Sõnastus ja valikud on näidis: maakond asendab need vormide üleslaadimise kaudu.",
        "Its structure follows what the Basic Schools and Upper Secondary Schools Act § 18 and "
        "the national curriculum for basic schools require of an individual curriculum (how it "
        "departs from the school's curriculum: learning outcomes, content, study time and load, "
        "organisation and support, assessment, review). The wording and choices are sample "
        "content: the county replaces them through the forms upload.",
    ),
    fields=(
        FormField(
            "drawn_up_on",
            FieldType.date,
            Bilingual("Koostamise kuupäev", "Drawn up on"),
            required=True,
        ),
        FormField(
            "basis",
            FieldType.choice,
            Bilingual("Koostamise alus", "Basis"),
            required=True,
            options=(
                choice(
                    "external_advice",
                    "Koolivälise nõustamismeeskonna (Rajaleidja) soovitus",
                    "Recommendation of the external advisory team (Rajaleidja)",
                ),
                choice(
                    "school_support",
                    "Kooli tugispetsialistide ettepanek",
                    "Proposal of the school's support specialists",
                ),
                choice("parents_request", "Lapsevanema taotlus", "The parent's request"),
            ),
        ),
        FormField(
            "needs",
            FieldType.long_text,
            Bilingual("Õpilase tugevused ja toevajadus", "The pupil's strengths and needs"),
            required=True,
        ),
        FormField(
            "subjects",
            FieldType.group,
            Bilingual("Õppeained, mille õpet muudetakse", "Subjects whose teaching changes"),
            fields=(
                FormField(
                    "subject", FieldType.text, Bilingual("Õppeaine", "Subject"), required=True
                ),
                FormField(
                    "outcomes",
                    FieldType.long_text,
                    Bilingual("Taotletavad õpitulemused", "Learning outcomes aimed at"),
                ),
                FormField(
                    "content",
                    FieldType.long_text,
                    Bilingual("Õppesisu muudatused", "Changes to the content"),
                ),
                FormField(
                    "assessment",
                    FieldType.text,
                    Bilingual("Hindamise erisused", "How assessment differs"),
                ),
            ),
            max_rows=15,
        ),
        FormField(
            "study_time",
            FieldType.long_text,
            Bilingual("Õppeaeg ja õppekoormus", "Study time and load"),
        ),
        FormField(
            "organisation",
            FieldType.long_text,
            Bilingual("Õppe korraldus, meetodid ja õpikeskkond", "Organisation, methods, setting"),
        ),
        FormField(
            "support",
            FieldType.multiple_choice,
            Bilingual("Tugiteenused", "Support services"),
            options=(
                choice("special_pedagogue", "Eripedagoog", "Special pedagogue"),
                choice("speech_therapist", "Logopeed", "Speech therapist"),
                choice("psychologist", "Psühholoog", "Psychologist"),
                choice("social_pedagogue", "Sotsiaalpedagoog", "Social pedagogue"),
                choice("learning_support", "Õpiabi", "Learning support"),
                choice("assistant", "Abiõpetaja või tugiisik", "Assistant or support person"),
            ),
        ),
        FormField(
            "responsible",
            FieldType.long_text,
            Bilingual(
                "Rakendamise eest vastutajad ja kaasatud",
                "Who carries it out and who takes part",
            ),
            required=True,
        ),
        FormField(
            "parents_informed",
            FieldType.yes_no,
            Bilingual(
                "Lapsevanem on individuaalse õppekavaga tutvunud",
                "The parent has seen the individual curriculum",
            ),
        ),
        FormField(
            "review_on",
            FieldType.date,
            Bilingual("Vahehindamise kuupäev", "Review on"),
            required=True,
        ),
    ),
)

TEACHER_STAGE = Stage("I", N_("Stage I: the class teacher"), Level.institution, TEACHERS)
COORDINATOR_STAGE = Stage(
    "II", N_("Stage II: the support-learning coordinator"), Level.institution, COORDINATORS
)
MUNICIPALITY_STAGE = Stage(
    "III", N_("Stage III: the municipality's case manager"), Level.municipality, NOBODY
)

SUPPORT = Workflow(
    key="school.support",
    label=N_("School support"),
    organisation_kinds=frozenset({"school"}),
    stages=(TEACHER_STAGE, COORDINATOR_STAGE, MUNICIPALITY_STAGE),
    transitions=(
        Transition(
            "to_coordinator",
            N_("Ask the support-learning coordinator in"),
            frozenset({"I"}),
            "II",
            NOTICERS,
        ),
        Transition(
            "back_to_teacher",
            N_("Back to the class teacher"),
            frozenset({"II"}),
            "I",
            COORDINATORS,
        ),
        Transition(
            "to_municipality",
            N_("Pass to the municipality's case manager"),
            frozenset({"II"}),
            "III",
            COORDINATORS,
            forms=(PLAN_FORM,),
        ),
        Transition(
            "back_to_school",
            N_("Back to the school's support-learning coordinator"),
            frozenset({"III"}),
            "II",
            NOBODY,
        ),
        Transition(
            "from_child_protection",
            N_("Back to the school's support-learning coordinator"),
            frozenset({CHILD_PROTECTION_STAGE_KEY}),
            "II",
            frozenset({CHILD_PROTECTION_ROLE}),
        ),
        Transition("close_at_teacher", N_("Close the case"), frozenset({"I"}), None, TEACHERS),
        Transition(
            "close_at_coordinator", N_("Close the case"), frozenset({"II"}), None, COORDINATORS
        ),
    ),
    review_days=90,
)

FORMS = [INDIVIDUAL_PLAN]
WORKFLOWS = [SUPPORT]
