from piccolo.columns import Varchar
from piccolo.table import Table


class Note(Table, tablename="notes_note"):
    text = Varchar(length=200)
