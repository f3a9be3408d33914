"""Fictitious alumni for performance measurements (`generate_demo_content --alumni N`)."""

import random

from alumni.models import Alumnus, AlumnusStatus, ConsentMethod, ConsentRecord, Sector
from alumni.sectors import DEFAULT_SECTORS

FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Emma", "Lucie", "Mathilde",
    "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Hugo", "Romain", "Alexandre", "Karim",
    "Yasmine", "Nadia", "Mehdi", "Pauline", "Claire", "Élodie", "Aurélien", "Baptiste", "Margaux",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Muller", "Schmitt", "Weber",
    "Klein", "Meyer", "Fischer", "Hoffmann", "Becker", "Marchal", "Thiriet", "Colin", "Mangin",
]  # fmt: skip
JOBS = [
    ("Chargée de mission politique de la ville", "Eurométropole de Metz", "Metz", 10),
    ("Chef de projet cohésion sociale", "Région Grand Est", "Strasbourg", 10),
    ("Coordinatrice de parcours", "Association Carrefour", "Metz", 30),
    ("Directeur adjoint", "EHPAD Les Tilleuls", "Thionville", 40),
    ("Chargé d'études", "Préfecture de la Moselle", "Metz", 20),
    ("Cadre socio-éducatif", "CHR Metz-Thionville", "Metz", 50),
    ("Consultante en évaluation des politiques publiques", "Territoires Conseil", "Nancy", 60),
    ("Responsable de l'action sociale", "Département de Meurthe-et-Moselle", "Nancy", 10),
    ("Chargé de développement", "Caisse d'allocations familiales de la Moselle", "Metz", 70),
    ("Directrice de structure", "Association Emmaüs", "Forbach", 30),
]
TESTIMONIALS = [
    "Le master m'a donné une vision d'ensemble des politiques sociales et les outils pour "
    "conduire des projets avec les partenaires du territoire.",
    "Le stage de fin d'études s'est transformé en premier poste : les projets tutorés "
    "m'avaient préparée au travail avec les élus.",
    "J'utilise chaque semaine ce que j'ai appris sur l'évaluation des politiques publiques "
    "et le montage de dossiers de financement.",
]


def generate_alumni(count):
    """Create `count` published demo alumni with varied consents; return them."""
    # Sectors are seeded by a migration, but a flushed test database has none.
    for position, name in DEFAULT_SECTORS:
        Sector.objects.get_or_create(name=name, defaults={"order": position})
    sectors = {sector.order: sector for sector in Sector.objects.all()}
    fallback = next(iter(sectors.values()))
    chooser = random.Random(count)
    alumni = []
    for index in range(count):
        first, last = chooser.choice(FIRST_NAMES), chooser.choice(LAST_NAMES)
        position, employer, city, sector_position = chooser.choice(JOBS)
        alumni.append(
            Alumnus(
                first_name=first,
                last_name=last,
                full_name=f"{first} {last}",
                cohort=chooser.randint(2005, 2024),
                position=position,
                employer=employer,
                city=city,
                sector=sectors.get(sector_position, fallback),
                email=f"demo-{index}@exemple.invalid",
                testimonial=TESTIMONIALS[index % 3] if index % 7 == 0 else "",
                status=AlumnusStatus.PUBLISHED,
                consents_to_name=index % 10 != 0,
                consents_to_career=index % 4 != 0,
                consents_to_photo=False,
                consents_to_testimonial=index % 7 == 0,
                is_highlighted=index % 7 == 0 and index < 30,
            )
        )
    created = Alumnus.objects.bulk_create(alumni, batch_size=500)
    ConsentRecord.objects.bulk_create(
        (
            ConsentRecord(
                alumnus=alumnus,
                scope=scope,
                is_granted=True,
                method=ConsentMethod.STAFF,
                recorded_at=alumnus.created_at,
                note="Démonstration",
            )
            for alumnus in created
            for scope, granted in alumnus.consents().items()
            if granted
        ),
        batch_size=1000,
    )
    return created
