"""The case manager's workflow (stage III) and its forms.

Core opens a case on `CASE_MANAGEMENT` when someone in a municipality office notices a child or
accepts a noticing report. Its stages are municipality-level and name no roles, so core's rule
decides who may be responsible: the roles holding ``core.case.manage`` and the posts the
municipality lets act as case managers (`plugins.municipality.casework.settings`). The
transitions name no roles either: whoever may be responsible may take them. Handing a case to
child protection is core's escalation; the workflow's own transitions out of core's
child-protection stage hand it back: the child protection specialist chooses a case manager,
who accepts the handover as any other (core's step page, with its conflict page when someone
changed the case meanwhile).

The forms' questions are sample content: the sources name an assessment and closing with an
outcome, not their fields.
"""

from __future__ import annotations

from core.api import (
    CHILD_PROTECTION_ROLE,
    CHILD_PROTECTION_STAGE,
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

ASSESSMENT_FORM = "municipality.assessment"
CLOSING_FORM = "municipality.closing"
NOBODY: frozenset[str] = frozenset()

ASSESSMENT = FormSchema(
    key=ASSESSMENT_FORM,
    version=2,
    title=Bilingual("Juhtumi hindamine", "Case assessment"),
    description=Bilingual(
        "Näidisvorm: küsimused ei tule allikatest, omavalitsus kohandab need enda järgi.",
        "Sample form: the questions are not from the sources; the municipality adapts them.",
    ),
    fields=(
        FormField(
            "assessed_on",
            FieldType.date,
            Bilingual("Hindamise kuupäev", "Assessed on"),
            required=True,
        ),
        FormField(
            "situation",
            FieldType.long_text,
            Bilingual("Lapse ja pere olukord", "The child's and family's situation"),
            required=True,
        ),
        FormField(
            "strengths",
            FieldType.long_text,
            Bilingual("Mis toimib hästi", "What is working well"),
        ),
        FormField(
            "needs",
            FieldType.multiple_choice,
            Bilingual("Toevajadus valdkonniti", "Support needs by area"),
            options=(
                Option("education", Bilingual("Haridus", "Education")),
                Option("health", Bilingual("Tervis", "Health")),
                Option("social", Bilingual("Sotsiaalne", "Social")),
                Option("family", Bilingual("Pere ja kodu", "Family and home")),
                Option("leisure", Bilingual("Vaba aeg ja noorsootöö", "Leisure and youth work")),
            ),
        ),
        FormField(
            "child_view", FieldType.long_text, Bilingual("Lapse arvamus", "The child's view")
        ),
        FormField(
            "parents_view",
            FieldType.long_text,
            Bilingual("Lapsevanemate arvamus", "The parents' view"),
        ),
    ),
)

CLOSING = FormSchema(
    key=CLOSING_FORM,
    version=1,
    title=Bilingual("Juhtumi lõpetamine", "Closing the case"),
    description=Bilingual(
        "Näidisvorm: tulemuse valikud ei tule allikatest, omavalitsus kohandab need enda järgi.",
        "Sample form: the outcomes are not from the sources; the municipality adapts them.",
    ),
    fields=(
        FormField(
            "outcome",
            FieldType.choice,
            Bilingual("Tulemus", "Outcome"),
            required=True,
            options=(
                Option("goals_met", Bilingual("Eesmärgid saavutati", "Goals met")),
                Option(
                    "partly_met", Bilingual("Eesmärgid saavutati osaliselt", "Goals partly met")
                ),
                Option("not_met", Bilingual("Eesmärke ei saavutatud", "Goals not met")),
                Option(
                    "continues_elsewhere",
                    Bilingual("Tugi jätkub mujal", "Support continues elsewhere"),
                ),
                Option("moved_away", Bilingual("Pere kolis ära", "The family moved away")),
                Option("declined", Bilingual("Pere loobus toest", "The family declined support")),
            ),
        ),
        FormField(
            "continues_at",
            FieldType.text,
            Bilingual("Kus tugi jätkub", "Where support continues"),
        ),
        FormField(
            "summary",
            FieldType.long_text,
            Bilingual("Kokkuvõte", "Summary"),
            required=True,
        ),
    ),
)

ASSESSMENT_STAGE = Stage("assessment", N_("Assessment"), Level.municipality, NOBODY)
PLAN_STAGE = Stage("plan", N_("Cross-sector action plan"), Level.municipality, NOBODY)
REVIEW_STAGE = Stage("review", N_("Review"), Level.municipality, NOBODY)

CASE_MANAGEMENT = Workflow(
    key="municipality.case_management",
    label=N_("Municipality case management"),
    organisation_kinds=frozenset({"municipality_office"}),
    stages=(ASSESSMENT_STAGE, PLAN_STAGE, REVIEW_STAGE),
    transitions=(
        Transition(
            "to_plan",
            N_("Go on to the action plan"),
            frozenset({"assessment"}),
            "plan",
            NOBODY,
            forms=(ASSESSMENT_FORM,),
        ),
        Transition("to_review", N_("Review the plan"), frozenset({"plan"}), "review", NOBODY),
        Transition(
            "back_to_plan", N_("Back to the action plan"), frozenset({"review"}), "plan", NOBODY
        ),
        Transition(
            "back_to_assessment",
            N_("Back to case management: assessment"),
            frozenset({CHILD_PROTECTION_STAGE.key}),
            "assessment",
            frozenset({CHILD_PROTECTION_ROLE}),
        ),
        Transition(
            "back_to_case_plan",
            N_("Back to case management: action plan"),
            frozenset({CHILD_PROTECTION_STAGE.key}),
            "plan",
            frozenset({CHILD_PROTECTION_ROLE}),
        ),
        Transition(
            "close",
            N_("Close the case with its outcome"),
            frozenset({"assessment", "plan", "review"}),
            None,
            NOBODY,
            forms=(CLOSING_FORM,),
        ),
    ),
    review_days=90,
)

FORMS = [ASSESSMENT, CLOSING]
WORKFLOWS = [CASE_MANAGEMENT]
