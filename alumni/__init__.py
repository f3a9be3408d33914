"""Former students: the directory (only what each one consented to, with the consent
ledger), the self-update form and its submissions, sectors and official outcomes,
under /anciens-etudiants/.
"""
