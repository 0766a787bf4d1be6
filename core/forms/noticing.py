"""Core's noticing sheet (märkamisleht), the one form every sector uses to say that a child may
need support (``core.noticing``). The case engine's noticing page fills it in.

From the sources (the HOP model report and the national slides, see docs/architecture.md): what
was noticed, since when, in which situations, the child's strengths, what has been tried, the
parents' view; emergencies go to the ambulance, the police or child protection first; the
Signs of Safety scale of 0-10 (Tartu's child protection pilot).

Sample content, not from the sources (to be checked with the county's practitioners): the areas
of concern and their options, the rows of "what has been tried" (what, who, when, with what
result), whether the parents know, and the child's own view.
"""

from __future__ import annotations

from core.registry import Bilingual, FieldType, FormField, FormSchema, Option

NOTICING_KEY = "core.noticing"

_AREAS = (
    Option("learning", Bilingual("Õppimine ja areng", "Learning and development")),
    Option("behaviour", Bilingual("Käitumine", "Behaviour")),
    Option("emotions", Bilingual("Emotsionaalne heaolu", "Emotional wellbeing")),
    Option("relationships", Bilingual("Suhted eakaaslastega", "Relationships with peers")),
    Option("health", Bilingual("Tervis", "Health")),
    Option("attendance", Bilingual("Kohalkäimine, puudumised", "Attendance, absences")),
    Option("family", Bilingual("Pere olukord", "The family's situation")),
    Option("safety", Bilingual("Turvalisus", "Safety")),
)

NOTICING_SHEET = FormSchema(
    key=NOTICING_KEY,
    version=2,
    title=Bilingual("Märkamisleht", "Noticing sheet"),
    description=Bilingual(
        "Kirjelda, mida märkasid, nii nagu see oli: faktid ja olukorrad, mitte hinnangud.",
        "Describe what you noticed as it was: facts and situations, not judgements.",
    ),
    fields=(
        FormField(
            "danger",
            FieldType.yes_no,
            Bilingual(
                "Kas laps on ohus või vajab kohe abi?",
                "Is the child in danger or in need of help right now?",
            ),
            help=Bilingual(
                "Kui jah, helista kõigepealt 112 või lastekaitsespetsialistile; "
                "märkamislehe võid täita pärast.",
                "If so, call 112 or child protection first; you can fill in the sheet after.",
            ),
            required=True,
        ),
        FormField(
            "noticed",
            FieldType.long_text,
            Bilingual("Mida märkasid?", "What did you notice?"),
            required=True,
        ),
        FormField(
            "since",
            FieldType.date,
            Bilingual("Millest alates?", "Since when?"),
            help=Bilingual(
                "Kui päeva ei tea, kirjuta kuu esimene päev.",
                "If you do not know the day, give the first day of the month.",
            ),
        ),
        FormField(
            "situations",
            FieldType.long_text,
            Bilingual("Millistes olukordades?", "In which situations?"),
            help=Bilingual(
                "Kus, millal ja kellega see juhtub; mis juhtub enne ja pärast.",
                "Where, when and with whom it happens; what happens before and after.",
            ),
            required=True,
        ),
        FormField(
            "areas",
            FieldType.multiple_choice,
            Bilingual("Mille kohta mure on?", "What is the concern about?"),
            options=_AREAS,
        ),
        FormField(
            "strengths",
            FieldType.long_text,
            Bilingual("Lapse tugevused", "The child's strengths"),
            help=Bilingual(
                "Mis lapsel hästi läheb, mis talle meeldib, kes teda toetavad.",
                "What goes well for the child, what they like, who supports them.",
            ),
        ),
        FormField(
            "tried",
            FieldType.group,
            Bilingual("Mida on juba proovitud?", "What has been tried?"),
            fields=(
                FormField(
                    "what",
                    FieldType.text,
                    Bilingual("Mida tehti?", "What was done?"),
                    required=True,
                ),
                FormField(
                    "who",
                    FieldType.person,
                    Bilingual("Kes (kataloogist)?", "Who (from the directory)?"),
                ),
                FormField("when", FieldType.date, Bilingual("Millal?", "When?")),
                FormField(
                    "result", FieldType.long_text, Bilingual("Mis tulemusega?", "With what result?")
                ),
            ),
            max_rows=20,
        ),
        FormField(
            "parents_informed",
            FieldType.yes_no,
            Bilingual(
                "Kas lapsevanemad teavad sinu murest?", "Do the parents know of your concern?"
            ),
            required=True,
        ),
        FormField(
            "parents_view",
            FieldType.long_text,
            Bilingual("Lapsevanemate arvamus", "The parents' view"),
        ),
        FormField(
            "child_view",
            FieldType.long_text,
            Bilingual("Lapse enda arvamus", "The child's own view"),
        ),
        FormField(
            "safety",
            FieldType.scale,
            Bilingual(
                "Kui turvaline on lapse olukord praegu?",
                "How safe is the child's situation now?",
            ),
            help=Bilingual(
                "0: laps on ohus; 10: laps on piisavalt turvalises olukorras.",
                "0: the child is in danger; 10: the child is safe enough.",
            ),
        ),
    ),
)
