"""The cooperation agreement's commitments (seed text: "Hea tahte koostöökokkulepe Tartumaa
heaoluprogrammi jätkutegevuste planeerimiseks", Tartumaa Omavalitsuste Liit), quoted in its
own words, and the four a municipality meets, by the keys of `core.api.CommitmentFact`."""

from __future__ import annotations

from dataclasses import dataclass

from core.api import N_

SOURCE = (
    "Hea tahte koostöökokkulepe Tartumaa heaoluprogrammi jätkutegevuste planeerimiseks "
    "(Tartumaa Omavalitsuste Liit)"
)
VALID_UNTIL = (
    "Käesolevad kokkulepped kehtivad vähemalt aastani 2027. Vajaduse korral saab kokkuleppeid "
    "täiendada või muuta Tartumaa Omavalitsuste Liidu juhatuse otsuse alusel."
)


@dataclass(frozen=True)
class Point:
    """A numbered point of the agreement, quoted."""

    number: int
    text: str
    by_union: bool


POINTS = (
    Point(
        1,
        "Igas Tartumaa omavalitsuses on hiljemalt 2025. aasta lõpuks välja töötatud nii "
        "haridusasutuste sisesed (lasteaiad, koolid) kui omavalitsuse tasandi "
        "juhtumikorralduse mudel ning selle rakenduspõhimõtted;",
        False,
    ),
    Point(
        2,
        "Igas Tartumaa omavalitsuses moodustatakse valdkonnaülesed (haridus-, noorte- ja "
        "sotsiaalvaldkond, tervishoid ja politsei ennetustöö valdkond) koostöömeeskonnad, kes "
        "kohtuvad regulaarselt (vähemalt neli korda aastas) ning koostavad igal aastal "
        "tegevusplaani omavalitsuste siseste ühistegevuste planeerimiseks;",
        False,
    ),
    Point(
        3,
        "Igas Tartumaa omavalitsuses on määratud heaolu valdkonna eest vastutaja, kelle "
        "ülesandeks on suurema toevajadusega laste ja perede juhtumikorralduse eestvedamine "
        "ning koostöös haridusasutustega (lasteaiad, koolid) varajase märkamise ning "
        "sekkumiste planeerimine omavalitsuse tasandil;",
        False,
    ),
    Point(
        4,
        "Tartumaa Omavalitsuste Liit korraldab omavalitsuste koostöömeeskondade regulaarsed "
        "kohtumised (vähemalt kaks korda aastas) võrgustikutöö arendamiseks ning heade "
        "praktikate jagamiseks;",
        True,
    ),
    Point(
        5,
        "Tartumaa Omavalitsuste Liit tagab võimalused ja vahendid omavalitsuste heaolu "
        "valdkonna eest vastutajate võrgustikutööks ning juhtumikorralduslikuks arendustööks, "
        "korraldades regulaarseid kohtumisi (vähemalt neli korda aastas) ja koolitusi ning "
        "vajadusel võrgustiku liikmete supervisiooni;",
        True,
    ),
    Point(
        6,
        "Tartumaa Omavalitsuste Liit koostab koostöös omavalitsuste esindajatega igal aastal "
        "tegevusplaani kokkulepete rakendamiseks ja ressursside planeerimiseks.",
        True,
    ),
)

# The commitments a municipality meets: key -> (the agreement's point, its short title).
COMMITMENTS = {
    "case_management_model": (1, N_("Case-management model in place")),
    "network_meetings": (2, N_("Cross-sector team meets at least four times a year")),
    "annual_plan": (2, N_("Annual action plan")),
    "welfare_lead": (3, N_("Welfare lead named")),
}
