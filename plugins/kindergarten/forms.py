"""The kindergarten's forms: the support plan of stage II and the school-readiness card.

The readiness card follows the national curriculum for pre-school child care institutions
(Koolieelse lasteasutuse riiklik õppekava, Vabariigi Valitsuse määrus 29.05.2008 nr 87, § 24):
it describes the child's development at the end of the pre-school period in the general skills
and in the seven areas of activity, and the parent hands it to the school. The county fills it
in this one format (report step 9). The support plan's questions are sample content: the
sources name the plan, not its fields.
"""

from __future__ import annotations

from core.api import Bilingual, FieldType, FormField, FormSchema, Option

SUPPORT_PLAN_FORM = "kindergarten.support_plan"
READINESS_CARD_FORM = "kindergarten.readiness_card"

SUPPORT_PLAN = FormSchema(
    key=SUPPORT_PLAN_FORM,
    version=1,
    title=Bilingual("Individuaalne arenduskava", "Support plan (individual development plan)"),
    description=Bilingual(
        "Näidisvorm: küsimused ei tule allikatest, maakond asendab need vormide üleslaadimisega. "
        "Tugiteenuste koordinaator koostab arenduskava II etapis koos rühmaõpetaja, "
        "tugispetsialistide ja lapsevanemaga.",
        "Sample form: the questions are not from the sources; the county replaces them by "
        "uploading its own. The support-services coordinator draws up the plan at stage II with "
        "the group teacher, the support specialists and the parent.",
    ),
    fields=(
        FormField(
            "drawn_up_on",
            FieldType.date,
            Bilingual("Koostamise kuupäev", "Drawn up on"),
            required=True,
        ),
        FormField(
            "strengths",
            FieldType.long_text,
            Bilingual("Lapse tugevused", "The child's strengths"),
            required=True,
        ),
        FormField(
            "areas",
            FieldType.multiple_choice,
            Bilingual("Toevajadus valdkonniti", "Support needs by area"),
            required=True,
            options=(
                Option("speech", Bilingual("Kõne ja keel", "Speech and language")),
                Option("movement", Bilingual("Liikumine", "Movement")),
                Option(
                    "social",
                    Bilingual("Sotsiaalne ja emotsionaalne areng", "Social and emotional"),
                ),
                Option("learning", Bilingual("Tunnetus ja õppimine", "Cognition and learning")),
                Option("self_care", Bilingual("Enesekohased oskused", "Self-management")),
                Option("behaviour", Bilingual("Käitumine", "Behaviour")),
            ),
        ),
        FormField(
            "goals",
            FieldType.group,
            Bilingual("Eesmärgid ja tegevused", "Goals and activities"),
            fields=(
                FormField("goal", FieldType.text, Bilingual("Eesmärk", "Goal"), required=True),
                FormField("activities", FieldType.long_text, Bilingual("Tegevused", "Activities")),
                FormField("who", FieldType.text, Bilingual("Kes teeb", "Who does it")),
            ),
            max_rows=10,
        ),
        FormField(
            "specialists",
            FieldType.multiple_choice,
            Bilingual("Kaasatud tugispetsialistid", "Support specialists involved"),
            options=(
                Option("speech_therapist", Bilingual("Logopeed", "Speech therapist")),
                Option("psychologist", Bilingual("Psühholoog", "Psychologist")),
                Option("special_pedagogue", Bilingual("Eripedagoog", "Special pedagogue")),
                Option("social_pedagogue", Bilingual("Sotsiaalpedagoog", "Social pedagogue")),
                Option("rajaleidja", Bilingual("Rajaleidja keskus", "Rajaleidja centre")),
            ),
        ),
        FormField(
            "parents_part",
            FieldType.long_text,
            Bilingual("Lapsevanema osa ja arvamus", "The parent's part and view"),
        ),
        FormField(
            "review_on",
            FieldType.date,
            Bilingual("Vahehindamise kuupäev", "Interim review on"),
            required=True,
        ),
    ),
)

_GENERAL = Bilingual(
    "Üldoskuste ja valdkonna kirjeldus lapse arengust koolieelse perioodi lõpul",
    "How the child has developed in this by the end of the pre-school period",
)


def _described(key: str, et: str, en: str) -> FormField:
    return FormField(key, FieldType.long_text, Bilingual(et, en), help=_GENERAL, required=True)


READINESS_CARD = FormSchema(
    key=READINESS_CARD_FORM,
    version=1,
    title=Bilingual("Koolivalmiduskaart", "School-readiness card"),
    description=Bilingual(
        "Koolieelse lasteasutuse riiklik õppekava (Vabariigi Valitsuse määrus 29.05.2008 nr 87) "
        "§ 24: koolivalmiduskaart kirjeldab lapse arengut koolieelse perioodi lõpul üldoskustes "
        "ja õppe- ja kasvatustegevuse valdkondades; lasteasutus annab selle lapsevanemale, kes "
        "esitab selle kooli. Tartumaa täidab kaarti selles ühes vormingus. Välja „Lapse arengu "
        "toetamine“ sisu on näidis.",
        "National curriculum for pre-school child care institutions (Government regulation of "
        "29.05.2008 no. 87) § 24: the school-readiness card describes the child's development "
        "at the end of the pre-school period in the general skills and the areas of activity; "
        "the kindergarten gives it to the parent, who hands it to the school. Tartu county fills "
        'it in this one format. The field "Supporting the child\'s development" is sample '
        "content.",
    ),
    fields=(
        FormField(
            "filled_on", FieldType.date, Bilingual("Täitmise kuupäev", "Filled on"), required=True
        ),
        _described("play", "Mänguoskused", "Play skills"),
        _described("cognitive", "Tunnetus- ja õpioskused", "Cognitive and learning skills"),
        _described("social", "Sotsiaalsed oskused", "Social skills"),
        _described("self_management", "Enesekohased oskused", "Self-management skills"),
        _described("me_and_environment", "Mina ja keskkond", "Me and the environment"),
        _described("language", "Keel ja kõne", "Language and speech"),
        FormField(
            "estonian_second",
            FieldType.long_text,
            Bilingual("Eesti keel kui teine keel", "Estonian as a second language"),
            help=Bilingual(
                "Täidetakse, kui laps õppis eesti keelt teise keelena.",
                "Filled in when the child learnt Estonian as a second language.",
            ),
        ),
        _described("mathematics", "Matemaatika", "Mathematics"),
        _described("art", "Kunst", "Art"),
        _described("music", "Muusika", "Music"),
        _described("movement", "Liikumine", "Movement"),
        FormField(
            "support",
            FieldType.long_text,
            Bilingual("Lapse arengu toetamine", "Supporting the child's development"),
            help=Bilingual(
                "Näidis: lasteaias rakendatud tugi ja soovitused koolile.",
                "Sample: the support given in the kindergarten and advice for the school.",
            ),
        ),
    ),
)

FORMS = [SUPPORT_PLAN, READINESS_CARD]
