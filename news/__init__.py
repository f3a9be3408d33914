"""News items and their categories: the list with filters, the detail page, the RSS feed
and an event's calendar file (.ics), under /actualites/.
"""
