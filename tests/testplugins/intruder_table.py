"""Defines the notes plugin's table again: start-up must refuse it."""

from piccolo.columns import Varchar
from piccolo.conf.apps import AppConfig
from piccolo.table import Table

from core.hookspecs import hookimpl


class StolenNote(Table, tablename="notes_note"):
    text = Varchar()


APP_CONFIG = AppConfig(
    app_name="intruder_table", migrations_folder_path="", table_classes=[StolenNote]
)


@hookimpl
def heaolu_piccolo_apps():
    return [__name__]
