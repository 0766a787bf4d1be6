from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow

ID = "2026-12-04T07:57:22:174826"
VERSION = "1.38.0"
DESCRIPTION = "the tables of Signs of Safety: mappings, statements, scales, plans, houses, reviews"

NUMBER = {"default": 0, "null": False}
INDEXED = {"default": 0, "null": False, "index": True}
TEXT = {"default": "", "null": False}
NAME = {"length": 200, "default": "", "null": False}
DAY = {"default": DateNow(), "null": False}
FLAG = {"default": False, "null": False}
CREATED = ("created_at", Timestamptz, {"default": TimestamptzNow(), "null": False})

TABLES = (
    (
        "MappingVersion",
        "signs_of_safety_mapping",
        (
            ("case", Integer, INDEXED),
            ("version", Integer, NUMBER),
            ("held_on", Date, DAY),
            ("participants", Text, TEXT),
            ("past_harm", Text, TEXT),
            ("future_danger", Text, TEXT),
            ("complicating", Text, TEXT),
            ("working_well", Text, TEXT),
            ("next_steps", Text, TEXT),
            ("recorded_by", Integer, NUMBER),
            CREATED,
        ),
    ),
    (
        "Statement",
        "signs_of_safety_statement",
        (
            ("mapping", Integer, INDEXED),
            ("position", Integer, NUMBER),
            ("danger", Text, TEXT),
            ("goal", Text, TEXT),
        ),
    ),
    (
        "Scale",
        "signs_of_safety_scale",
        (
            ("case", Integer, INDEXED),
            ("review_on", Date, DAY),
            ("participant", Varchar, NAME),
            ("score", Integer, NUMBER),
            ("recorded_by", Integer, NUMBER),
            CREATED,
        ),
    ),
    (
        "Plan",
        "signs_of_safety_plan",
        (
            ("case", Integer, INDEXED),
            ("agreed_on", Date, DAY),
            ("rules", Text, TEXT),
            ("tasks", Text, TEXT),
            ("monitoring", Text, TEXT),
            ("network", Text, TEXT),
            ("recorded_by", Integer, NUMBER),
            CREATED,
        ),
    ),
    (
        "Houses",
        "signs_of_safety_houses",
        (
            ("case", Integer, INDEXED),
            ("heard_on", Date, DAY),
            ("heard_by", Varchar, NAME),
            ("worries", Text, TEXT),
            ("good_things", Text, TEXT),
            ("dreams", Text, TEXT),
            ("recorded_by", Integer, NUMBER),
            CREATED,
        ),
    ),
    (
        "Review",
        "signs_of_safety_review",
        (
            ("case", Integer, INDEXED),
            ("municipality", Integer, INDEXED),
            ("team", Integer, NUMBER),
            ("reviewed_on", Date, DAY),
            ("with_family", Boolean, FLAG),
            ("clear_statements", Boolean, FLAG),
            ("child_heard", Boolean, FLAG),
            ("scale_followed", Boolean, FLAG),
            ("reviewer", Integer, NUMBER),
            CREATED,
        ),
    ),
)


async def forwards():
    manager = MigrationManager(
        migration_id=ID,
        app_name="signs_of_safety",
        description=DESCRIPTION,
    )
    for class_name, tablename, columns in TABLES:
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
        for name, column_class, params in columns:
            manager.add_column(
                table_class_name=class_name,
                tablename=tablename,
                column_name=name,
                db_column_name=name,
                column_class_name=column_class.__name__,
                column_class=column_class,
                params=params,
                schema=None,
            )
    return manager
