"""The event taxonomy: ACLED's 6 event types and 25 sub-event types (exact ACLED strings), five labels for
non-ACLED happenings, ``No event``, and the CASE-2021 Task 2 codes mapped onto these labels.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

BATTLES: Final = "Battles"
EXPLOSIONS: Final = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS: Final = "Violence against civilians"
PROTESTS: Final = "Protests"
RIOTS: Final = "Riots"
STRATEGIC: Final = "Strategic developments"

EVENT_TYPES: Final[tuple[str, ...]] = (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS, PROTESTS, RIOTS, STRATEGIC)

# sub-event type -> event type, in ACLED's codebook order
SUB_EVENT_TYPES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "Armed clash": BATTLES,
        "Government regains territory": BATTLES,
        "Non-state actor overtakes territory": BATTLES,
        "Chemical weapon": EXPLOSIONS,
        "Air/drone strike": EXPLOSIONS,
        "Suicide bomb": EXPLOSIONS,
        "Shelling/artillery/missile attack": EXPLOSIONS,
        "Remote explosive/landmine/IED": EXPLOSIONS,
        "Grenade": EXPLOSIONS,
        "Sexual violence": VIOLENCE_AGAINST_CIVILIANS,
        "Attack": VIOLENCE_AGAINST_CIVILIANS,
        "Abduction/forced disappearance": VIOLENCE_AGAINST_CIVILIANS,
        "Peaceful protest": PROTESTS,
        "Protest with intervention": PROTESTS,
        "Excessive force against protesters": PROTESTS,
        "Violent demonstration": RIOTS,
        "Mob violence": RIOTS,
        "Agreement": STRATEGIC,
        "Arrests": STRATEGIC,
        "Change to group/activity": STRATEGIC,
        "Disrupted weapons use": STRATEGIC,
        "Headquarters or base established": STRATEGIC,
        "Looting/property destruction": STRATEGIC,
        "Non-violent transfer of territory": STRATEGIC,
        "Other": STRATEGIC,
    }
)

DIPLOMATIC: Final = "Diplomatic event"
CLAIM: Final = "Claim of responsibility"
ORGANIZED_CRIME: Final = "Organized crime"
NATURAL_DISASTER: Final = "Natural disaster"
MAN_MADE_DISASTER: Final = "Man-made disaster"
NO_EVENT: Final = "No event"

EXTRA_LABELS: Final[tuple[str, ...]] = (DIPLOMATIC, CLAIM, ORGANIZED_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER)

# every label the classifier can emit, in a fixed order (the order of the model's output columns is saved
# with the model; this is the canonical order for tables)
LABELS: Final[tuple[str, ...]] = (*SUB_EVENT_TYPES, *EXTRA_LABELS, NO_EVENT)

# CASE-2021 Task 2 code -> label
CASE_CODES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "ABDUCT_DISSAP": "Abduction/forced disappearance",
        "AGREEMENT": "Agreement",
        "AIR_STRIKE": "Air/drone strike",
        "ARMED_CLASH": "Armed clash",
        "ARREST": "Arrests",
        "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
        "ATTACK": "Attack",
        "CHANGE_TO_GROUP_ACT": "Change to group/activity",
        "CHEM_WEAP": "Chemical weapon",
        "DISR_WEAP": "Disrupted weapons use",
        "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
        "GOV_REGAINS_TERIT": "Government regains territory",
        "GRENADE": "Grenade",
        "HQ_ESTABLISHED": "Headquarters or base established",
        "MOB_VIOL": "Mob violence",
        "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
        "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
        "OTHER": "Other",
        "PEACE_PROTEST": "Peaceful protest",
        "PROPERTY_DISTRUCT": "Looting/property destruction",
        "PROTEST_WITH_INTER": "Protest with intervention",
        "REM_EXPLOS": "Remote explosive/landmine/IED",
        "SEX_VIOL": "Sexual violence",
        "SUIC_BOMB": "Suicide bomb",
        "VIOL_DEMONSTR": "Violent demonstration",
        "DIPLO": DIPLOMATIC,
        "ATTRIB": CLAIM,
        "ORG_CRIME": ORGANIZED_CRIME,
        "NATURAL_DISASTER": NATURAL_DISASTER,
        "MAN_MADE_DISASTER": MAN_MADE_DISASTER,
    }
)
LABEL_TO_CASE: Final[MappingProxyType[str, str]] = MappingProxyType({v: k for k, v in CASE_CODES.items()})
ACLED_CASE_CODES: Final[tuple[str, ...]] = tuple(k for k, v in CASE_CODES.items() if v in SUB_EVENT_TYPES)


def event_type_of(label: str) -> str | None:
    """The ACLED event type of a sub-event label; None for the non-ACLED labels and ``No event``."""
    return SUB_EVENT_TYPES.get(label)


def is_label(label: str) -> bool:
    return label in SUB_EVENT_TYPES or label in EXTRA_LABELS or label == NO_EVENT
