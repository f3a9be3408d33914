"""The programme only: its fiche formation, contacts, numbered sections, curriculum
(semesters, teaching units, courses) and admission phases, shown on /formation/.
"""
