"""The small reference table of M57 accounts an IT service uses, shipped to every organisation
(which may then edit it). Built from /work/shared/reference/finance.md, section 2: titles as
printed in the M57 extract read there; those the notes mark uncertain say so in `note`, so a
user checks them against the plan de comptes of the year before relying on them."""

from gouvernail.finance.choices import Section

INV, FCT = Section.INVESTMENT, Section.OPERATING
TO_CHECK = "Intitulé ou rattachement à vérifier dans le plan de comptes M57 de l'année."

# (section, chapter, account, title, note)
M57_IT_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    (INV, "20", "2031", "Frais d'études", ""),
    (
        INV,
        "20",
        "205",
        "Concessions, brevets, licences, marques, procédés, logiciels, droits et valeurs similaires",
        "Licences de logiciels.",
    ),
    (INV, "21", "2183", "Matériel informatique", ""),
    (INV, "21", "21831", "Matériel informatique scolaire", ""),
    (INV, "21", "2184", "Matériel de bureau et mobilier", ""),
    (INV, "21", "2185", "Matériel de téléphonie", ""),
    (INV, "21", "2188", "Autres", ""),
    (INV, "23", "232", "Immobilisations incorporelles en cours", ""),
    (INV, "23", "2318", "Autres immobilisations corporelles (en cours)", ""),
    (FCT, "011", "60632", "Fournitures de petit équipement", TO_CHECK),
    (FCT, "011", "6064", "Fournitures administratives", TO_CHECK),
    (FCT, "011", "611", "Contrats de prestations de services", TO_CHECK),
    (FCT, "011", "6135", "Locations mobilières", TO_CHECK),
    (FCT, "011", "6156", "Maintenance", TO_CHECK),
    (FCT, "011", "6184", "Versements à des organismes de formation", TO_CHECK),
    (FCT, "011", "626", "Frais postaux et frais de télécommunications", TO_CHECK),
    (FCT, "011", "6281", "Concours divers (cotisations…)", TO_CHECK),
    (FCT, "65", "6581", "Redevances pour concessions, brevets, licences", "Intitulé peut-être tronqué dans la source."),
)

# Functional codes (M57) an IT budget uses; 020 is the usual one for an internal IT service.
M57_FUNCTIONS: tuple[tuple[str, str], ...] = (
    ("020", "Administration générale de la collectivité"),
    ("028", "Autres moyens généraux"),
    ("57", "Technologies de l'information et de la communication"),
)
