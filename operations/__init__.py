"""Running the site: the content version that invalidates the public page cache, backups
and restores (backup_site, restore_site), and the demo content for benchmarks
(generate_demo_content). Reads the other apps through the registry only.
"""
