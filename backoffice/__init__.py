"""The secretariat's admin: the admin site and its grouping by task, ContentAdmin and
PublishableAdmin (history, compare and restore, publication, preview), « À traiter »,
the calendar, the link check, the staff roles and the staff management commands.

It builds on `core` only; the content apps import it for their `admin.py`, and tell it what
to show through the registry (attention lines, schedules), never the other way round.
"""
