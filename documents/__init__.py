"""Documents to download: their records, categories and checked files (kept in private
storage), served only through the stable link /documents/<slug>/ while published and
not expired.
"""
