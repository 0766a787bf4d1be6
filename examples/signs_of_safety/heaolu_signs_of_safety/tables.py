"""The plugin's tables, named after the plugin as every table of a plugin is.

Every row belongs to one case (core's `cases_case`, by id): the export and merging follow the
case, and only child-protection work on a case the user may see reaches them."""

from piccolo.columns import Boolean, Date, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

TEXT_LENGTH = 4000
NAME_LENGTH = 200


class MappingVersion(Table, tablename="signs_of_safety_mapping"):
    """One version of a case's mapping, dated, with who took part; versions are kept."""

    id = Serial(primary_key=True)
    case = Integer(index=True)
    version = Integer()
    held_on = Date()
    participants = Text()
    past_harm = Text()
    future_danger = Text()
    complicating = Text()
    working_well = Text()
    next_steps = Text()
    recorded_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class Statement(Table, tablename="signs_of_safety_statement"):
    """A danger statement and the safety goal paired with it, in the family's words."""

    id = Serial(primary_key=True)
    mapping = Integer(index=True)
    position = Integer()
    danger = Text()
    goal = Text()


class Scale(Table, tablename="signs_of_safety_scale"):
    """One participant's answer on the safety scale (0: danger, 10: safe) at one review."""

    id = Serial(primary_key=True)
    case = Integer(index=True)
    review_on = Date()
    participant = Varchar(length=NAME_LENGTH)
    score = Integer()
    recorded_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class Plan(Table, tablename="signs_of_safety_plan"):
    """One version of the safety plan the family agrees with its network."""

    id = Serial(primary_key=True)
    case = Integer(index=True)
    agreed_on = Date()
    rules = Text()
    tasks = Text()
    monitoring = Text()
    network = Text()
    recorded_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class Houses(Table, tablename="signs_of_safety_houses"):
    """The child's three houses, in the child's own words, and when and by whom heard."""

    id = Serial(primary_key=True)
    case = Integer(index=True)
    heard_on = Date()
    heard_by = Varchar(length=NAME_LENGTH)
    worries = Text()
    good_things = Text()
    dreams = Text()
    recorded_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class Review(Table, tablename="signs_of_safety_review"):
    """A quality review of the case work: the checklist, by whom, for which team (the
    organisation owning the case) and municipality."""

    id = Serial(primary_key=True)
    case = Integer(index=True)
    municipality = Integer(index=True)
    team = Integer()
    reviewed_on = Date()
    with_family = Boolean()
    clear_statements = Boolean()
    child_heard = Boolean()
    scale_followed = Boolean()
    reviewer = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


TABLES = [MappingVersion, Statement, Scale, Plan, Houses, Review]
