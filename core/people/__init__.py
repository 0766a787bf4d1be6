"""People and places: municipalities and organisations (children and guardians come later)."""
