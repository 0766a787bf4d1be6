"""Core's Rajaleidja referral and decision (``core.rajaleidja``): a kindergarten or school, or a
municipality, records that the child was referred to Rajaleidja (the Education and Youth
Board's counselling team, *kooliväline nõustamismeeskond*) and, when it arrives, what Rajaleidja
decided. Both institution workflows may require it; it is filled in on a case or on the child
alone, and the municipality is told of a decision as far as consent allows (the municipality
plugin hears it through ``heaolu_after_form_saved``).

From the sources (the HOP model report, sections 1.1, 1.2 and long-term item 2; issue 13): the
date of application, the decision, the recommended support and the review date. The options
of the recommended support name the support measures of the Basic Schools and Upper Secondary
Schools Act (*põhikooli- ja gümnaasiumiseadus*, §§ 47-52: measures on the school's decision
and on the counselling team's recommendation, classes and groups for pupils with special
educational needs, one-to-one teaching) and the kindergarten equivalents (a support person,
an integrated or special group, postponing the start of school); the wording of the questions
and the list is sample content, not an official template, and the county adapts it by raising
the version.
"""

from __future__ import annotations

from core.registry import Bilingual, FieldType, FormField, FormSchema, Option

RAJALEIDJA_KEY = "core.rajaleidja"
# The field whose date says Rajaleidja has decided: a submission without it is a referral only.
DECIDED_ON = "decided_on"

_APPLICANTS = (
    Option("parent", Bilingual("Lapsevanem", "A parent")),
    Option("institution", Bilingual("Lasteaed või kool", "The kindergarten or school")),
)

_SUPPORT = (
    Option(
        "specialist",
        Bilingual(
            "Tugispetsialisti teenus (logopeed, eripedagoog, psühholoog, sotsiaalpedagoog)",
            "Support specialist services (speech therapist, special pedagogue, psychologist, "
            "social pedagogue)",
        ),
    ),
    Option(
        "learning_support",
        Bilingual(
            "Õpiabi individuaalselt või õpiabirühmas", "Learning support, alone or in a group"
        ),
    ),
    Option("individual_curriculum", Bilingual("Individuaalne õppekava", "Individual curriculum")),
    Option(
        "simplified_curriculum",
        Bilingual(
            "Lihtsustatud õpe, toimetulekuõpe või hooldusõpe",
            "Simplified, coping or nursing curriculum",
        ),
    ),
    Option(
        "special_class",
        Bilingual(
            "Õpe hariduslike erivajadustega õpilaste klassis (nt väikeklass)",
            "A class for pupils with special educational needs (e.g. a small class)",
        ),
    ),
    Option(
        "one_to_one",
        Bilingual("Ühe õpilase õpetamisele keskendatud õpe", "One-to-one teaching"),
    ),
    Option(
        "extended_study",
        Bilingual("Põhikooli õppeaja pikendamine", "A longer time to complete basic school"),
    ),
    Option("support_person", Bilingual("Tugiisik", "A support person")),
    Option(
        "kindergarten_group",
        Bilingual(
            "Sobitus- või erirühm lasteaias", "An integrated or special group in kindergarten"
        ),
    ),
    Option(
        "postponed_school",
        Bilingual(
            "Koolikohustuse täitmise alguse edasilükkamine", "Postponing the start of school"
        ),
    ),
    Option("other", Bilingual("Muu (kirjeldatud otsuses)", "Other (described in the decision)")),
)

RAJALEIDJA_FORM = FormSchema(
    key=RAJALEIDJA_KEY,
    version=1,
    title=Bilingual("Rajaleidja suunamine ja otsus", "Rajaleidja referral and decision"),
    description=Bilingual(
        "Täida pöördumise andmed, kui laps suunatakse Rajaleidjasse, ja otsuse andmed, kui "
        "otsus on tulnud. Näidis: küsimused ja toe valikud (põhikooli- ja gümnaasiumiseaduse "
        "§-de 47–52 tugimeetmete järgi) on näidissisu, mitte ametlik vorm.",
        "Fill in the application when the child is referred to Rajaleidja, and the decision "
        "when it has come. Sample: the questions and the support options (after the support "
        "measures of the Basic Schools and Upper Secondary Schools Act, §§ 47-52) are sample "
        "content, not an official form.",
    ),
    fields=(
        FormField(
            "applied_on",
            FieldType.date,
            Bilingual("Taotluse kuupäev", "Date of application"),
            required=True,
        ),
        FormField(
            "applicant",
            FieldType.choice,
            Bilingual("Kes pöördus?", "Who applied?"),
            options=_APPLICANTS,
            required=True,
        ),
        FormField(
            "question",
            FieldType.long_text,
            Bilingual("Pöördumise küsimus", "The question asked"),
            help=Bilingual(
                "Milles laps ja teda toetavad inimesed nõu vajavad.",
                "What the child and the people supporting them need advice on.",
            ),
            required=True,
        ),
        FormField(
            DECIDED_ON,
            FieldType.date,
            Bilingual("Otsuse kuupäev", "Decision date"),
            help=Bilingual(
                "Täida, kui Rajaleidja otsus on tulnud.",
                "Fill in when Rajaleidja's decision has come.",
            ),
        ),
        FormField(
            "decision",
            FieldType.long_text,
            Bilingual("Otsus", "Decision"),
            help=Bilingual(
                "Soovitatud tugi Rajaleidja sõnastuses.",
                "The recommended support in Rajaleidja's words.",
            ),
        ),
        FormField(
            "support",
            FieldType.multiple_choice,
            Bilingual("Soovitatud tugi", "Recommended support"),
            options=_SUPPORT,
        ),
        FormField(
            "review_on",
            FieldType.date,
            Bilingual("Otsuse ülevaatamise kuupäev", "Review date"),
        ),
    ),
)
