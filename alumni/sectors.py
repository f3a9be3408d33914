"""The sectors the directory starts with (staff can rename, reorder and add more)."""

DEFAULT_SECTORS = [
    (10, "Collectivité territoriale"),
    (20, "État"),
    (30, "Association"),
    (40, "Établissement médico-social"),
    (50, "Établissement sanitaire"),
    (60, "Entreprise / conseil"),
    (70, "Autre"),
]
