"""The project: settings, root URLs, WSGI, middleware (security headers, public page
cache), storages, logging, and the pages that compose several apps (home, health check).

The only package that imports every app.
"""
