"""The site's fixed pages: legal notice, accessibility, privacy and access map (edited in
the admin), contact and its messages, redirects, the search page, the human site map,
sitemap.xml and robots.txt, and the public domain kept in the sites framework.

Search and the site maps read every app's content through the registry's content kinds.
"""
