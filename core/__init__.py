"""The shared content toolkit: the site identity, images and their renditions, preview links,
publication (the one visibility gate), rich text, search and stored search documents, the
content registry, anti-spam, breadcrumbs and the shared template tags.

It imports no other app of ours: every app builds on it, and declares itself to it through
`core.registry` (see docs/architecture.md).
"""
