"""Tables of this part; every table is named `municipality_...`."""
