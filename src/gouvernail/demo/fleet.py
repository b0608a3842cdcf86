"""The synthetic fleet (parc) of the demo: about 190 devices.

The study gives three numbers (30 smartphones, 24 tablets, of which 2 Apple devices) and a
state of affairs (Windows 10 → 11 migration « en cours », antivirus not centrally managed).
The rest is invented to look like a small intercommunality's inventory: PCs bought
between 2016 and 2025, some refurbished, most assigned to an agent, the public PCs of the EPN,
a small stock, a few servers, the network and the shared printers.

Purchase years are absolute (the fleet as the study found it); only the dates that the
dashboards compare with « today » (antivirus last seen) follow the reference date.
"""

import random
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from gouvernail.core.models import Organisation, Person, Service, Site
from gouvernail.demo.people import SERVICES, Staff
from gouvernail.demo.records import persist, synthetic_note
from gouvernail.inventory.choices import AntivirusStatus, Condition, EquipmentFamily, EquipmentState
from gouvernail.inventory.models import Equipment

T = TypeVar("T")

SMARTPHONES = 30  # seed: « 30 mobiles »
TABLETS = 24  # seed: « 24 tablettes »
APPLE_TABLETS = 2  # seed: « 2 équipements Apple »
ON_CALL_PHONES = 2  # shared on-call phones of the technical services
EPN_PUBLIC_PCS = 10
STOCK_PCS = 6
RETIRED_PCS = 3

# Purchase years of the PCs and their weights: renewals by small yearly batches.
PURCHASE_YEARS = {2016: 4, 2017: 7, 2018: 10, 2019: 12, 2020: 14, 2021: 12, 2022: 11, 2023: 10, 2024: 10, 2025: 10}
# Chance that a PC of a given hardware generation already runs Windows 11. Machines older
# than 2018 cannot (processor not supported); the newest came with it.
WINDOWS_11_CHANCE = {2016: 0.0, 2017: 0.0, 2018: 0.15, 2019: 0.25, 2020: 0.35, 2021: 0.45, 2022: 0.5, 2023: 0.7}
WINDOWS_10_BUILDS = (("10.0.19045", 9), ("10.0.19044", 1))  # 22H2 mostly, a few stuck on 21H2
WINDOWS_11_BUILDS = (("10.0.22631", 6), ("10.0.26100", 4))  # 23H2, 24H2
REFURBISHED_CHANCE = 0.2  # for purchases from 2020 on (an assumption of the demo)

DESKTOPS = {
    2016: ("Dell", "OptiPlex 3040"),
    2017: ("Dell", "OptiPlex 3050"),
    2018: ("HP", "ProDesk 400 G5"),
    2019: ("HP", "ProDesk 400 G6"),
    2020: ("Dell", "OptiPlex 3080"),
    2021: ("Lenovo", "ThinkCentre M70s"),
    2022: ("Dell", "OptiPlex 3000"),
    2023: ("HP", "Pro Tower 400 G9"),
    2024: ("Lenovo", "ThinkCentre neo 50s"),
    2025: ("Dell", "OptiPlex 7020"),
}
LAPTOPS = {
    2016: ("Dell", "Latitude 3470"),
    2017: ("HP", "ProBook 450 G4"),
    2018: ("Dell", "Latitude 5490"),
    2019: ("Lenovo", "ThinkPad E590"),
    2020: ("Dell", "Latitude 5510"),
    2021: ("HP", "ProBook 450 G8"),
    2022: ("Lenovo", "ThinkPad E14 Gen 4"),
    2023: ("Dell", "Latitude 5540"),
    2024: ("HP", "ProBook 450 G10"),
    2025: ("Lenovo", "ThinkPad E14 Gen 6"),
}
# (prefix, length) of the serial numbers, shaped like each manufacturer's.
SERIAL_FORMATS = {"Dell": ("", 7), "HP": ("CZC", 10), "Lenovo": ("PF", 8), "Samsung": ("R5", 11), "Apple": ("", 10)}
SERIAL_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

# Antivirus: two products side by side, no central console (action #10 is « à étudier »).
ANTIVIRUS_PRODUCTS = (("ESET Endpoint Security", 6), ("Microsoft Defender", 4))
ANTIVIRUS_STATUSES = (
    (AntivirusStatus.UP_TO_DATE, 85),
    (AntivirusStatus.OUTDATED, 8),
    (AntivirusStatus.UNKNOWN, 5),
    (AntivirusStatus.DISABLED, 2),
)


def weighted(rng: random.Random, choices: Iterable[tuple[T, float]]) -> T:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


class FleetBuilder:
    """Creates the devices one family at a time, keeping names and serials unique."""

    def __init__(self, organisation: Organisation, staff: Staff, rng: random.Random, reference_date: date):
        self.organisation = organisation
        self.staff = staff
        self.rng = rng
        self.reference_date = reference_date
        self.serials: set[str] = set()
        self.counters: dict[str, int] = {}
        self.devices: list[Equipment] = []

    def build(self) -> list[Equipment]:
        self.assigned_pcs()
        self.epn_public_pcs()
        self.spare_pcs()
        self.smartphones()
        self.tablets()
        self.servers()
        self.network()
        self.printers()
        return self.devices

    # Workstations

    def assigned_pcs(self) -> None:
        for spec in SERVICES:
            agents = self.staff.active_agents_of(spec.name)[: spec.pcs]
            laptops = round(len(agents) * spec.laptop_share)
            for index, agent in enumerate(agents):
                family = EquipmentFamily.LAPTOP if index < laptops else EquipmentFamily.DESKTOP
                self.pc(family, site=agent.site, service=agent.service, assigned_to=agent)

    def epn_public_pcs(self) -> None:
        # The public PCs of the Cybercentre, booked by users through SurfPass: shared, not assigned.
        site, service = self.staff.sites["EPN"], self.staff.services["Cybercentre"]
        for _ in range(EPN_PUBLIC_PCS):
            self.pc(EquipmentFamily.DESKTOP, site=site, service=service, note="Poste en accès public (EPN).")

    def spare_pcs(self) -> None:
        site = self.staff.sites["SIEGE"]
        for _ in range(STOCK_PCS):
            # Recent purchases waiting to replace Windows 10 machines, and a few spares.
            year = self.rng.choice((2024, 2025, 2025))
            self.pc(EquipmentFamily.LAPTOP, site=site, year=year, state=EquipmentState.IN_STOCK)
        for _ in range(RETIRED_PCS):
            self.pc(EquipmentFamily.DESKTOP, site=site, year=2016, state=EquipmentState.RETIRED)

    def pc(
        self,
        family: str,
        *,
        site: Site,
        service: Service | None = None,
        assigned_to: Person | None = None,
        year: int | None = None,
        state: str = EquipmentState.IN_SERVICE,
        note: str = "",
    ) -> Equipment:
        year = year or weighted(self.rng, PURCHASE_YEARS.items())
        refurbished = year >= 2020 and self.rng.random() < REFURBISHED_CHANCE
        # A refurbished machine is an older generation, still able to run Windows 11.
        generation = max(2018, year - 3) if refurbished else year
        manufacturer, model = (LAPTOPS if family == EquipmentFamily.LAPTOP else DESKTOPS)[generation]
        purchase = self.purchase_date(year)
        code = "PCP" if family == EquipmentFamily.LAPTOP else "PCF"
        device = Equipment(
            family=family,
            name=self.name(f"{code}-{self.site_code(site)}"),
            manufacturer=manufacturer,
            model=model,
            site=site,
            service=service,
            assigned_to=assigned_to,
            purchase_date=purchase,
            condition=Condition.REFURBISHED if refurbished else Condition.NEW,
            warranty_end=purchase + relativedelta(years=1 if refurbished else 3),
            state=state,
            notes=synthetic_note(note),
        )
        if state != EquipmentState.RETIRED:
            self.windows(device, generation)
        if state == EquipmentState.IN_SERVICE:
            self.antivirus(device, products=ANTIVIRUS_PRODUCTS)
        return self.save(device)

    def windows(self, device: Equipment, generation: int) -> None:
        if self.rng.random() < WINDOWS_11_CHANCE.get(generation, 1.0):
            device.os_name, device.os_version = "Windows 11 Professionnel", weighted(self.rng, WINDOWS_11_BUILDS)
        else:
            device.os_name, device.os_version = "Windows 10 Professionnel", weighted(self.rng, WINDOWS_10_BUILDS)

    def antivirus(self, device: Equipment, *, products) -> None:
        device.antivirus_product = weighted(self.rng, products)
        device.antivirus_status = weighted(self.rng, ANTIVIRUS_STATUSES)
        days_ago = {
            AntivirusStatus.UP_TO_DATE: (0, 5),
            AntivirusStatus.OUTDATED: (10, 60),
            AntivirusStatus.DISABLED: (1, 20),
        }.get(device.antivirus_status)
        if days_ago is not None:
            device.antivirus_seen = self.reference_date - timedelta(days=self.rng.randint(*days_ago))

    # Mobiles

    def smartphones(self) -> None:
        models = (
            ("Samsung", "Galaxy A55", "14"),
            ("Samsung", "Galaxy A35", "14"),
            ("Samsung", "Galaxy XCover 6 Pro", "13"),
        )
        holders = [agent for spec in SERVICES for agent in self.staff.active_agents_of(spec.name)[: spec.phones]]
        assert len(holders) + ON_CALL_PHONES == SMARTPHONES, "SERVICES[].phones must add up to the seed's 30 mobiles"
        for holder in holders:
            self.mobile(
                EquipmentFamily.SMARTPHONE, "TEL", models, site=holder.site, service=holder.service, assigned_to=holder
            )
        for _ in range(ON_CALL_PHONES):
            self.mobile(
                EquipmentFamily.SMARTPHONE,
                "TEL",
                models[2:],
                site=self.staff.sites["CT"],
                service=self.staff.services["Services techniques"],
                note="Téléphone d'astreinte partagé.",
            )

    def tablets(self) -> None:
        apple = (("Apple", "iPad (10e génération)", "17.6"), ("Apple", "iPad Air (M2)", "18.3"))
        android = (("Samsung", "Galaxy Tab A9+", "14"), ("Samsung", "Galaxy Tab S6 Lite", "13"))
        for elected, model in zip(self.staff.elected[:APPLE_TABLETS], apple, strict=True):
            self.mobile(
                EquipmentFamily.TABLET, "TAB", (model,), site=elected.site, assigned_to=elected, os_name="iPadOS"
            )
        for elected in self.staff.elected[APPLE_TABLETS:]:
            self.mobile(
                EquipmentFamily.TABLET,
                "TAB",
                android,
                site=elected.site,
                assigned_to=elected,
                note="Tablette d'élu (séances dématérialisées).",
            )
        # The tablets left after the élus' are shared by the services; the PEEJ takes the rest.
        left = TABLETS - len(self.staff.elected)
        for site_code, service_name, count, note in (
            ("EMC", "École de musique communautaire", 2, ""),
            ("EPN", "Cybercentre", 4, "Ateliers numériques."),
            ("PEEJ", "Pôle enfance-jeunesse", left - 6, "Pointage et Espace Familles."),
        ):
            for _ in range(count):
                self.mobile(
                    EquipmentFamily.TABLET,
                    "TAB",
                    android,
                    site=self.staff.sites[site_code],
                    service=self.staff.services[service_name],
                    note=note,
                )

    def mobile(
        self, family, code, models, *, site, service=None, assigned_to=None, os_name="Android", note=""
    ) -> Equipment:
        manufacturer, model, version = self.rng.choice(models)
        year = self.rng.choice((2021, 2022, 2023, 2024, 2025))
        purchase = self.purchase_date(year)
        return self.save(
            Equipment(
                family=family,
                name=self.name(code),
                manufacturer=manufacturer,
                model=model,
                site=site,
                service=service,
                assigned_to=assigned_to,
                purchase_date=purchase,
                warranty_end=purchase + relativedelta(years=2),
                os_name=os_name,
                os_version=version,
                notes=synthetic_note(note),
            )
        )

    # Infrastructure

    def servers(self) -> None:
        epn = self.staff.services["Cybercentre"]
        self.infrastructure(
            EquipmentFamily.SERVER, "SRV-EPN", "Dell", "PowerEdge T140", "EPN", 2019, service=epn,
            os=("Windows Server 2019 Standard", "10.0.17763"), note="Serveur SurfPass de l'EPN.",
            antivirus=(("ESET Server Security", 1),),
        )  # fmt: skip
        self.infrastructure(
            EquipmentFamily.SERVER, "NAS-SIEGE", "Synology", "DS920+", "SIEGE", 2021,
            os=("Synology DSM", "7.2"), note="Partages de fichiers du siège.",
        )  # fmt: skip
        self.infrastructure(
            EquipmentFamily.SERVER, "NAS-SAUVEGARDE", "Synology", "DS224+", "CT", 2023,
            os=("Synology DSM", "7.2"), note="Sauvegarde du NAS du siège (site distant).",
        )  # fmt: skip

    def network(self) -> None:
        self.infrastructure(
            EquipmentFamily.NETWORK, "FW-SIEGE", "Stormshield", "SN310", "SIEGE", 2020, note="Pare-feu du siège."
        )
        for site_code, switches, access_points in (
            ("SIEGE", 2, 2),
            ("PEEJ", 1, 2),
            ("EMC", 1, 1),
            ("EPN", 1, 1),
            ("CT", 1, 0),
        ):
            for number in range(1, switches + 1):
                self.infrastructure(
                    EquipmentFamily.NETWORK,
                    f"SW-{site_code}-{number:02d}",
                    "HPE Aruba",
                    "Instant On 1930 24G",
                    site_code,
                    self.rng.choice((2019, 2021, 2023)),
                    note="Commutateur.",
                )
            for number in range(1, access_points + 1):
                self.infrastructure(
                    EquipmentFamily.NETWORK,
                    f"WIFI-{site_code}-{number:02d}",
                    "Ubiquiti",
                    "UniFi U6 Lite",
                    site_code,
                    self.rng.choice((2021, 2022, 2024)),
                    note="Borne Wi-Fi.",
                )

    def printers(self) -> None:
        for site_code, count in (("SIEGE", 2), ("PEEJ", 1), ("EMC", 1), ("EPN", 1), ("CT", 1)):
            for number in range(1, count + 1):
                self.infrastructure(
                    EquipmentFamily.PRINTER,
                    f"MFP-{site_code}-{number:02d}",
                    "Ricoh",
                    "IM C3000",
                    site_code,
                    self.rng.choice((2020, 2022, 2023)),
                    note="Copieur multifonction (location).",
                )
        for site_code in ("SIEGE", "EPN"):
            self.infrastructure(
                EquipmentFamily.PRINTER,
                f"ONDULEUR-{site_code}",
                "APC",
                "Smart-UPS 1500",
                site_code,
                2021,
                note="Onduleur (périphérique critique).",
            )

    def infrastructure(
        self, family, name, manufacturer, model, site_code, year, *, service=None, os=("", ""), note="", antivirus=None
    ) -> Equipment:
        purchase = self.purchase_date(year)
        device = Equipment(
            family=family,
            name=self.name(name, numbered=False),
            manufacturer=manufacturer,
            model=model,
            site=self.staff.sites[site_code],
            service=service,
            purchase_date=purchase,
            warranty_end=purchase + relativedelta(years=5),
            os_name=os[0],
            os_version=os[1],
            notes=synthetic_note(note),
        )
        if antivirus:
            self.antivirus(device, products=antivirus)
        return self.save(device)

    # Helpers

    def purchase_date(self, year: int) -> date:
        return date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def site_code(self, site: Site) -> str:
        return next(code for code, candidate in self.staff.sites.items() if candidate.pk == site.pk)

    def name(self, stem: str, *, numbered: bool = True) -> str:
        if not numbered:
            return stem
        self.counters[stem] = self.counters.get(stem, 0) + 1
        return f"{stem}-{self.counters[stem]:03d}"

    def serial(self, manufacturer: str) -> str:
        prefix, length = SERIAL_FORMATS.get(manufacturer, ("SN", 12))
        while True:
            serial = prefix + "".join(self.rng.choices(SERIAL_ALPHABET, k=length - len(prefix)))
            if serial not in self.serials:
                self.serials.add(serial)
                return serial

    def save(self, device: Equipment) -> Equipment:
        device.organisation = self.organisation
        device.serial = self.serial(device.manufacturer)
        self.devices.append(persist(device))
        return device


def build_fleet(organisation: Organisation, staff: Staff, rng: random.Random, reference_date: date) -> list[Equipment]:
    return FleetBuilder(organisation, staff, rng, reference_date).build()
