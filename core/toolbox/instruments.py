"""Core's sample instruments of the toolbox: a checklist for each area (speech and language,
movement, social and emotional development, learning, behaviour, wellbeing at home) and the
child-wellbeing questionnaire (lapse heaolu ankeet).

From the sources (seed 001, activity II of the Tartu county welfare programme): a toolbox of
assessment instruments and guides that helps teachers and support specialists notice a
support need early and give first support, and the child-wellbeing questionnaire made for
the programme's training. Their content is not in the sources: every instrument here is sample
content, says so in its description, and is to be replaced by the county's own instruments
through the forms upload (the municipality then switches the sample off).
"""

from __future__ import annotations

from core.registry import (
    Bilingual,
    FieldType,
    FormField,
    FormSchema,
    Option,
    ToolboxArea,
    ToolboxEntry,
)

PREFIX = "core.toolbox_"

_SAMPLE_ET = (
    "Näidis: maakond asendab selle vahendi vormide üleslaadimise kaudu oma kokkulepitud vahendiga. "
)
_SAMPLE_EN = (
    "Sample: the county replaces this instrument with the one it agrees on through the forms "
    "upload. "
)

_SO_FAR = (
    Option("yes", Bilingual("Jah", "Yes")),
    Option("partly", Bilingual("Osaliselt", "Partly")),
    Option("not_yet", Bilingual("Veel mitte", "Not yet")),
)
_AT_HOME = (
    Option("yes", Bilingual("Jah", "Yes")),
    Option("partly", Bilingual("Osaliselt", "Partly")),
    Option("no", Bilingual("Ei", "No")),
    Option("unknown", Bilingual("Ei tea", "Do not know")),
)
_HOW_OFTEN = (
    Option("mostly", Bilingual("Enamasti", "Mostly")),
    Option("sometimes", Bilingual("Mõnikord", "Sometimes")),
    Option("rarely", Bilingual("Harva", "Rarely")),
)

_NOTES = FormField(
    "notes",
    FieldType.long_text,
    Bilingual("Märkused: olukorrad ja näited", "Notes: situations and examples"),
    help=Bilingual(
        "Kirjelda, mida nägid, nii nagu see oli: faktid ja olukorrad, mitte hinnangud.",
        "Describe what you saw as it was: facts and situations, not judgements.",
    ),
)
_OBSERVED = FormField(
    "observed",
    FieldType.text,
    Bilingual("Vaatluse aeg ja olukorrad", "When and where you observed"),
    help=Bilingual(
        "Näiteks: kaks nädalat, mängus, söögiajal ja ringitegevuses.",
        "For example: two weeks, at play, at meals and in group activities.",
    ),
)


def _items(options: tuple[Option, ...], *items: tuple[str, str, str]) -> tuple[FormField, ...]:
    return tuple(
        FormField(key, FieldType.choice, Bilingual(et, en), options=options)
        for key, et, en in items
    )


def _checklist(
    name: str,
    area: ToolboxArea,
    ages: tuple[int, int],
    title: Bilingual,
    about: Bilingual,
    guidance: Bilingual,
    fields: tuple[FormField, ...],
) -> FormSchema:
    return FormSchema(
        key=PREFIX + name,
        version=1,
        title=title,
        description=Bilingual(_SAMPLE_ET + about.et, _SAMPLE_EN + about.en),
        fields=fields,
        toolbox=ToolboxEntry(area, ages[0], ages[1], guidance),
    )


SPEECH = _checklist(
    "speech",
    ToolboxArea.speech,
    (2, 7),
    Bilingual("Kõne ja keele vaatlusleht", "Speech and language checklist"),
    Bilingual(
        "Märgi iga väite juurde, kuidas see lapsel praegu õnnestub.",
        "Mark for each statement how well the child manages it now.",
    ),
    Bilingual(
        "Kuidas kasutada: vaatle last kahe kuni nelja nädala jooksul tavalistes olukordades "
        "(mäng, söögiaeg, ringitegevus) ja võrdle lapse oskusi tema vanusega, mitte rühma "
        "teiste lastega. Kui laps räägib kodus teist keelt, vaatle tema kõnet ka selles keeles "
        "(küsi lapsevanemalt).\n"
        "Mida tulemusega teha: kui mitu väidet on „veel mitte“, räägi lapsevanemaga ja lepi "
        "temaga kokku, mida kodus ja lasteaias proovida. Kui mure jääb, kutsu kaasa logopeed või "
        "tugiteenuste koordinaator (AEVKO); täidetud vaatlusleht jääb lapse vormide juurde ja "
        "toetab hiljem juhtumit.",
        "How to use it: observe the child for two to four weeks in everyday situations (play, "
        "meals, group activities) and compare the child's skills with their age, not with the "
        "other children of the group. If the child speaks another language at home, ask the "
        "parent about their speech in that language too.\n"
        'What to do with the result: if several statements are "not yet", talk with the '
        "parent and agree what to try at home and in the kindergarten. If the concern remains, "
        "bring in the speech therapist or the support-services coordinator; the filled-in "
        "checklist stays with the child's forms and supports a case later.",
    ),
    (
        _OBSERVED,
        *_items(
            _SO_FAR,
            (
                "understands",
                "Saab aru lihtsatest korraldustest ja küsimustest ilma žestideta.",
                "Understands simple instructions and questions without gestures.",
            ),
            (
                "two_steps",
                "Täidab kaheosalise korralduse (nt „võta müts ja pane riiulile“).",
                'Follows a two-step instruction (e.g. "take your hat and put it on the shelf").',
            ),
            (
                "names",
                "Nimetab tuttavaid esemeid, tegevusi ja inimesi.",
                "Names familiar objects, actions and people.",
            ),
            (
                "sentences",
                "Räägib lausetega, mis on tema vanuse kohta piisavalt pikad.",
                "Speaks in sentences long enough for their age.",
            ),
            (
                "clear",
                "Võõras täiskasvanu saab lapse kõnest enamasti aru.",
                "An unfamiliar adult understands most of the child's speech.",
            ),
            (
                "tells",
                "Jutustab, mis juhtus (nt eilsest päevast või pildi järgi).",
                "Tells what happened (e.g. about yesterday, or from a picture).",
            ),
            (
                "questions",
                "Küsib ise küsimusi ja vastab küsimustele asjakohaselt.",
                "Asks questions and answers them to the point.",
            ),
            (
                "conversation",
                "Osaleb vestluses: ootab oma järjekorda ja jääb teema juurde.",
                "Takes part in a conversation: waits for their turn and keeps to the topic.",
            ),
        ),
        FormField(
            "languages",
            FieldType.text,
            Bilingual(
                "Mis keeli laps kodus räägib?", "Which languages does the child speak at home?"
            ),
        ),
        _NOTES,
    ),
)

MOVEMENT = _checklist(
    "movement",
    ToolboxArea.movement,
    (2, 7),
    Bilingual("Liikumise vaatlusleht", "Movement checklist"),
    Bilingual(
        "Märgi iga väite juurde, kuidas see lapsel praegu õnnestub.",
        "Mark for each statement how well the child manages it now.",
    ),
    Bilingual(
        "Kuidas kasutada: vaatle last õues, liikumistunnis, riietumisel ja laua taga "
        "tegutsedes kahe kuni nelja nädala jooksul; võrdle lapse oskusi tema vanusega.\n"
        "Mida tulemusega teha: kui mitu väidet on „veel mitte“ või laps väsib liikudes kiiresti, "
        "räägi lapsevanemaga ja soovita pöörduda perearsti poole; lasteaias saab nõu "
        "liikumisõpetajalt või tugispetsialistilt. Kui tuge on vaja rohkem, kutsu kaasa "
        "tugiteenuste koordinaator (AEVKO).",
        "How to use it: observe the child outdoors, in movement lessons, when dressing and at "
        "the table for two to four weeks; compare the child's skills with their age.\n"
        'What to do with the result: if several statements are "not yet", or the child tires '
        "quickly when moving, talk with the parent and suggest seeing the family doctor; in the "
        "kindergarten, ask the movement teacher or a support specialist. If more support is "
        "needed, bring in the support-services coordinator.",
    ),
    (
        _OBSERVED,
        *_items(
            _SO_FAR,
            (
                "walks",
                "Kõnnib ja jookseb kindlalt ega kuku sagedamini kui eakaaslased.",
                "Walks and runs steadily, falling no more often than peers.",
            ),
            (
                "stairs",
                "Käib trepist üles ja alla vahelduvate jalgadega.",
                "Goes up and down stairs with alternating feet.",
            ),
            ("ball", "Viskab ja püüab palli.", "Throws and catches a ball."),
            (
                "balance",
                "Seisab hetke ühel jalal ja hüppab kahel jalal.",
                "Stands on one foot for a moment and jumps with both feet.",
            ),
            (
                "hands",
                "Kasutab käsi osavalt: laob klotse, keerab kaant, lõikab kääridega.",
                "Uses their hands skilfully: stacks blocks, turns a lid, cuts with scissors.",
            ),
            (
                "pencil",
                "Hoiab pliiatsit ning joonistab jooni ja kujundeid.",
                "Holds a pencil and draws lines and shapes.",
            ),
            (
                "dresses",
                "Riietub eakohaselt ise (jope, jalanõud, nööbid).",
                "Dresses on their own as expected for their age (jacket, shoes, buttons).",
            ),
            (
                "energy",
                "Jaksab liikuda ja mängida koos teistega, väsimata kiiresti.",
                "Has the energy to move and play with others without tiring quickly.",
            ),
        ),
        _NOTES,
    ),
)

SOCIAL_EMOTIONAL = _checklist(
    "social_emotional",
    ToolboxArea.social_emotional,
    (3, 10),
    Bilingual("Sotsiaalse ja emotsionaalse arengu vaatlusleht", "Social and emotional checklist"),
    Bilingual(
        "Märgi iga väite juurde, kuidas see lapsel praegu õnnestub.",
        "Mark for each statement how well the child manages it now.",
    ),
    Bilingual(
        "Kuidas kasutada: vaatle last mängus, vahetunnis, rühma- või klassitöös ja "
        "hommikusel saabumisel kahe kuni nelja nädala jooksul. Märgi ka, mis lapsel hästi "
        "läheb: tugevused on toe alus.\n"
        "Mida tulemusega teha: räägi lapsevanemaga, mida oled märganud ja mida tema kodus "
        "näeb, ning lepi temaga kokku, kuidas last toetada. Kui mure jääb või süveneb, kutsu "
        "kaasa psühholoog, tugiteenuste koordinaator (AEVKO) või tugiõppe koordinaator (HEVKO).",
        "How to use it: observe the child at play, at breaks, in group or class work and on "
        "arrival in the morning for two to four weeks. Note what goes well too: strengths are "
        "what support builds on.\n"
        "What to do with the result: talk with the parent about what you have noticed and what "
        "they see at home, and agree with them how to support the child. If the concern "
        "remains or grows, bring in the psychologist or the support-services or "
        "support-learning coordinator.",
    ),
    (
        _OBSERVED,
        *_items(
            _SO_FAR,
            (
                "contact",
                "Loob kontakti tuttavate täiskasvanute ja lastega.",
                "Makes contact with familiar adults and children.",
            ),
            (
                "plays",
                "Mängib koos teiste lastega, mitte ainult nende kõrval.",
                "Plays together with other children, not only beside them.",
            ),
            (
                "shares",
                "Oskab jagada, oodata oma järjekorda ja teistega kokku leppida.",
                "Can share, wait for their turn and agree with others.",
            ),
            (
                "feelings",
                "Näitab ja nimetab oma tundeid (rõõm, kurbus, viha, hirm).",
                "Shows and names their feelings (joy, sadness, anger, fear).",
            ),
            (
                "calms",
                "Rahuneb pärast pettumust või tüli mõistliku aja jooksul, vajadusel "
                "täiskasvanu abiga.",
                "Calms down after a disappointment or a quarrel within a reasonable time, with "
                "an adult's help if needed.",
            ),
            (
                "empathy",
                "Märkab teise lapse tundeid ja reageerib neile.",
                "Notices another child's feelings and responds to them.",
            ),
            (
                "mornings",
                "Jääb hommikul lasteaeda või kooli ilma suurema ärevuseta.",
                "Stays at the kindergarten or school in the morning without great distress.",
            ),
            (
                "friend",
                "Tal on vähemalt üks sõber, kellega ta meelsasti koos on.",
                "Has at least one friend they like to be with.",
            ),
            (
                "asks_help",
                "Julgeb abi küsida, kui tal on raske.",
                "Dares to ask for help when things are hard.",
            ),
        ),
        _NOTES,
    ),
)

LEARNING = _checklist(
    "learning",
    ToolboxArea.learning,
    (6, 12),
    Bilingual("Õppimise vaatlusleht", "Learning checklist"),
    Bilingual(
        "Märgi iga väite juurde, kuidas see õpilasel praegu õnnestub.",
        "Mark for each statement how well the pupil manages it now.",
    ),
    Bilingual(
        "Kuidas kasutada: vaatle õpilast tundides ja tema töödes vähemalt kolme nädala "
        "jooksul; küsi teiste õpetajate tähelepanekuid. Võrdle õpilase oskusi ainekava "
        "eakohaste ootustega.\n"
        "Mida tulemusega teha: paku kõigepealt tunnis tuge (selgem korraldus, lühem ülesanne, "
        "lisaaeg) ja räägi lapsevanemaga. Kui raskus jääb, kutsu kaasa tugiõppe koordinaator "
        "(HEVKO), kes kaasab tugispetsialistid ja vajadusel Rajaleidja.",
        "How to use it: observe the pupil in lessons and in their work for at least three "
        "weeks; ask the other teachers what they notice. Compare the pupil's skills with what "
        "the curriculum expects at their age.\n"
        "What to do with the result: first give support in lessons (a clearer instruction, a "
        "shorter task, more time) and talk with the parent. If the difficulty remains, bring "
        "in the support-learning coordinator, who involves the support specialists and, if "
        "needed, Rajaleidja.",
    ),
    (
        _OBSERVED,
        *_items(
            _SO_FAR,
            (
                "attention",
                "Suudab ülesandele keskenduda eakohase aja jooksul.",
                "Concentrates on a task for as long as expected for their age.",
            ),
            (
                "instructions",
                "Saab aru klassile antud korraldusest ja alustab tööd.",
                "Understands an instruction given to the class and starts work.",
            ),
            (
                "reading",
                "Loeb eakohaselt ja saab loetust aru.",
                "Reads as expected for their age and understands what they read.",
            ),
            (
                "writing",
                "Kirjutab eakohaselt: tähed, sõnad, laused.",
                "Writes as expected for their age: letters, words, sentences.",
            ),
            (
                "numbers",
                "Arvutab ja kasutab arve eakohaselt.",
                "Calculates and uses numbers as expected for their age.",
            ),
            (
                "remembers",
                "Jätab meelde ja kasutab varem õpitut.",
                "Remembers and uses what was learnt before.",
            ),
            (
                "finishes",
                "Lõpetab töö ettenähtud aja jooksul.",
                "Finishes work in the time given.",
            ),
            (
                "homework",
                "Teeb koduseid ülesandeid ja toob vajalikud asjad kaasa.",
                "Does their homework and brings what is needed.",
            ),
            (
                "motivation",
                "Tahab õppida ja tunneb rõõmu õnnestumisest.",
                "Wants to learn and is glad of success.",
            ),
        ),
        _NOTES,
    ),
)

BEHAVIOUR = _checklist(
    "behaviour",
    ToolboxArea.behaviour,
    (3, 16),
    Bilingual("Käitumise vaatlusleht", "Behaviour checklist"),
    Bilingual(
        "Märgi iga väite juurde, kuidas see lapsel praegu õnnestub.",
        "Mark for each statement how well the child manages it now.",
    ),
    Bilingual(
        "Kuidas kasutada: vaatle last kahe kuni nelja nädala jooksul ja pane kirja "
        "olukorrad, kus käitumine muret teeb: mis juhtus enne, mis pärast ja kes olid "
        "juures. Käitumine on sõnum: otsi, mida laps sellega ütleb.\n"
        "Mida tulemusega teha: räägi lapsevanemaga ja lepi temaga kokku ühised reeglid ja "
        "reaktsioonid kodus ja lasteaias või koolis. Kui laps võib ennast või teisi "
        "kahjustada või käitumine süveneb, kutsu kaasa tugiteenuste koordinaator (AEVKO) või "
        "tugiõppe koordinaator (HEVKO).",
        "How to use it: observe the child for two to four weeks and write down the situations "
        "in which their behaviour causes concern: what happened before, what after, and who was "
        "there. Behaviour is a message: look for what the child says with it.\n"
        "What to do with the result: talk with the parent and agree on shared rules and "
        "responses at home and in the kindergarten or school. If the child may hurt themselves "
        "or others, or the behaviour grows worse, bring in the support-services or "
        "support-learning coordinator.",
    ),
    (
        _OBSERVED,
        *_items(
            _SO_FAR,
            (
                "agreements",
                "Järgib rühma või klassi kokkuleppeid, kui neid meelde tuletada.",
                "Follows the group's or class's agreements when reminded.",
            ),
            (
                "transitions",
                "Tuleb toime üleminekutega (mängust söögile, tunnist vahetundi).",
                "Copes with transitions (from play to a meal, from a lesson to a break).",
            ),
            (
                "waits",
                "Suudab oodata ja oma soove edasi lükata.",
                "Can wait and put off what they want.",
            ),
            (
                "anger",
                "Väljendab viha ilma ennast või teisi kahjustamata.",
                "Expresses anger without hurting themselves or others.",
            ),
            (
                "quarrels",
                "Lahendab tülisid sõnadega, vajadusel täiskasvanu abiga.",
                "Settles quarrels with words, with an adult's help if needed.",
            ),
            (
                "things",
                "Hoiab enda ja teiste asju.",
                "Takes care of their own and others' things.",
            ),
            (
                "responds",
                "Reageerib, kui täiskasvanu tema poole pöördub.",
                "Responds when an adult speaks to them.",
            ),
            (
                "attends",
                "Käib lasteaias või koolis regulaarselt, põhjuseta puudumisi ei ole.",
                "Attends the kindergarten or school regularly, without unexplained absences.",
            ),
        ),
        FormField(
            "situations",
            FieldType.long_text,
            Bilingual(
                "Millistes olukordades käitumine muret teeb? Mis juhtub enne ja pärast?",
                "In which situations does the behaviour cause concern? What happens before and "
                "after?",
            ),
        ),
        _NOTES,
    ),
)

HOME = _checklist(
    "home",
    ToolboxArea.home,
    (1, 18),
    Bilingual("Heaolu kodus: vaatlusleht", "Wellbeing at home: checklist"),
    Bilingual(
        "Märgi, mida oled lasteaias või koolis näinud; „ei tea“, kui sa seda ei näe.",
        'Mark what you have seen at the kindergarten or school; "do not know" if you cannot '
        "see it.",
    ),
    Bilingual(
        "Kuidas kasutada: märgi ainult seda, mida oled ise näinud või laps ja lapsevanem on "
        "sulle rääkinud; ära küsitle last. Vaatle mitu nädalat: üks halb päev ei ole "
        "muster.\n"
        "Mida tulemusega teha: kui mitu väidet on „ei“, räägi lapsevanemaga hoolivalt ja "
        "küsi, kas ja kuidas saab peret aidata; paku tugiteenuseid. Kui laps võib olla ohus "
        "või abivajav, teata kohe lastekaitsespetsialistile (hädaohus 112); seda ei pea "
        "lapsevanemaga enne kokku leppima.",
        "How to use it: mark only what you have seen yourself or what the child or the parent "
        "told you; do not question the child. Observe for several weeks: one bad day is not a "
        "pattern.\n"
        'What to do with the result: if several statements are "no", talk with the parent '
        "with care and ask whether and how the family can be helped; offer support services. "
        "If the child may be in danger or in need of help, tell child protection at once "
        "(in an emergency call 112); you need not agree it with the parent first.",
    ),
    (
        _OBSERVED,
        *_items(
            _AT_HOME,
            (
                "clothes",
                "Laps on ilmale vastavalt riietatud ja tema riided on puhtad.",
                "The child is dressed for the weather and their clothes are clean.",
            ),
            (
                "rested",
                "Laps on puhanud, ei ole tihti väsinud ega unine.",
                "The child is rested, not often tired or sleepy.",
            ),
            (
                "fed",
                "Laps on söönud, ei ole tihti näljane.",
                "The child has eaten, is not often hungry.",
            ),
            (
                "health",
                "Lapse tervise eest on hoolitsetud (arstil käidud, ravimid olemas).",
                "The child's health is looked after (doctor's visits, medicines at hand).",
            ),
            (
                "picked_up",
                "Lapsele tullakse õigel ajal järele või ta jõuab koju kokkulepitud viisil.",
                "The child is picked up on time or gets home in the agreed way.",
            ),
            (
                "parent_reached",
                "Lapsevanemaga saab ühendust ja kokku leppida.",
                "The parent can be reached and agreements can be made.",
            ),
            (
                "talks_of_home",
                "Laps räägib kodust ja perest rahulikult, ilma hirmuta.",
                "The child talks of home and family calmly, without fear.",
            ),
            (
                "no_injuries",
                "Lapsel ei ole seletamatuid vigastusi.",
                "The child has no unexplained injuries.",
            ),
        ),
        _NOTES,
    ),
)

WELLBEING_QUESTIONNAIRE = FormSchema(
    key=PREFIX + "wellbeing",
    version=1,
    title=Bilingual("Lapse heaolu ankeet", "Child-wellbeing questionnaire"),
    description=Bilingual(
        "Näidis: maakond asendab selle ankeedi vormide üleslaadimise kaudu oma kokkulepitud "
        "lapse heaolu ankeediga. Laps vastab iga väite kohta, kui sageli see tema elus nii on.",
        "Sample: the county replaces this questionnaire with the child-wellbeing questionnaire "
        "it agrees on through the forms upload. The child answers for each statement how often "
        "it is so in their life.",
    ),
    fields=(
        FormField(
            "answered_by",
            FieldType.choice,
            Bilingual("Kes ankeedile vastas?", "Who answered the questionnaire?"),
            options=(
                Option("child", Bilingual("Laps ise", "The child alone")),
                Option(
                    "child_with_parent",
                    Bilingual("Laps koos lapsevanemaga", "The child with a parent"),
                ),
                Option(
                    "child_with_staff",
                    Bilingual(
                        "Laps koos õpetaja või tugispetsialistiga",
                        "The child with a teacher or support specialist",
                    ),
                ),
                Option(
                    "adult",
                    Bilingual("Last hästi tundev täiskasvanu", "An adult who knows the child well"),
                ),
            ),
            required=True,
        ),
        *_items(
            _HOW_OFTEN,
            ("safe_home", "Tunnen end kodus turvaliselt.", "I feel safe at home."),
            (
                "safe_school",
                "Tunnen end lasteaias või koolis turvaliselt.",
                "I feel safe at the kindergarten or school.",
            ),
            ("friend", "Mul on sõber, kellega koos olla.", "I have a friend to be with."),
            (
                "trusted_adult",
                "Mul on täiskasvanu, kellega oma muredest rääkida.",
                "I have an adult to talk to about my worries.",
            ),
            (
                "sleep",
                "Magan öösel hästi ja olen hommikul puhanud.",
                "I sleep well at night and am rested in the morning.",
            ),
            ("food", "Saan iga päev piisavalt süüa.", "I get enough to eat every day."),
            ("learning", "Õppimine läheb mul hästi.", "Learning goes well for me."),
            (
                "free_time",
                "Mul on vaba aega ja asju, mida mulle meeldib teha.",
                "I have free time and things I like doing.",
            ),
            (
                "not_bullied",
                "Keegi ei kiusa mind ega tee mulle haiget.",
                "No one bullies me or hurts me.",
            ),
        ),
        FormField(
            "life",
            FieldType.scale,
            Bilingual("Kui hea on sinu elu praegu?", "How good is your life now?"),
            help=Bilingual("0: väga halb; 10: väga hea.", "0: very bad; 10: very good."),
        ),
        FormField(
            "wish",
            FieldType.long_text,
            Bilingual(
                "Mida sa sooviksid, et oleks teisiti?", "What would you like to be different?"
            ),
        ),
        FormField(
            "adult_notes",
            FieldType.long_text,
            Bilingual("Täiskasvanu märkused", "The adult's notes"),
            help=Bilingual(
                "Mida laps vastates rääkis ja mis sulle silma jäi.",
                "What the child said while answering and what you noticed.",
            ),
        ),
    ),
    toolbox=ToolboxEntry(
        ToolboxArea.wellbeing,
        5,
        18,
        Bilingual(
            "Kuidas kasutada: täida ankeet koos lapsega rahulikus kohas, kus keegi ei sega. "
            "Ütle lapsele, miks sa küsid ja kes vastuseid näeb. Loe väited ette, kui laps ise "
            "veel ei loe; noorema lapse eest vastab teda hästi tundev täiskasvanu.\n"
            "Mida tulemusega teha: vastus „harva“ turvalisuse, söögi või kiusamise kohta vajab "
            "kohest vestlust lapsega ja tema lapsevanemaga; kui laps võib olla ohus, teata "
            "lastekaitsespetsialistile (hädaohus 112). Muud vastused aitavad koos lapsega "
            "leida, mis tal hästi läheb ja mida toetada. Kui on vaja rohkem tuge, täida "
            "märkamisleht või lisa ankeet käimasoleva juhtumi vormide juurde.",
            "How to use it: fill in the questionnaire with the child in a quiet place where no "
            "one disturbs you. Tell the child why you ask and who sees the answers. Read the "
            "statements out if the child does not read yet; for a younger child, an adult who "
            "knows them well answers.\n"
            'What to do with the result: a "rarely" about safety, food or bullying needs a '
            "talk with the child and their parent at once; if the child may be in danger, tell "
            "child protection (in an emergency call 112). The other answers help to find, with "
            "the child, what goes well and what to support. If more support is needed, fill in "
            "a noticing sheet or add the questionnaire to the forms of a case in progress.",
        ),
    ),
)

INSTRUMENTS: tuple[FormSchema, ...] = (
    SPEECH,
    MOVEMENT,
    SOCIAL_EMOTIONAL,
    LEARNING,
    BEHAVIOUR,
    HOME,
    WELLBEING_QUESTIONNAIRE,
)
