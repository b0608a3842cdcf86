"""« Patrimoine » draws the renewals as one chart: a bar per quarter (« déjà échus » first, then
the 8 quarters ahead, even empty ones), stacked by type of equipment, each segment and each cell
of its table the count an independent reading of the fleet gives."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.cache import cache

from gouvernail.core.choices import Role
from gouvernail.inventory.models import Equipment
from gouvernail.metrics.pages import DashboardPage
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import get_dashboard
from gouvernail.testing.factories.inventory import make_equipment

TODAY = date(2026, 11, 28)
AGES = {"pc_fixe": 6, "pc_portable": 5, "tablette": 4}  # the default renewal ages, read from the definition


def expected_counts(organisation) -> dict[tuple[str, str], int]:
    """{(quarter label or « Déjà échus », type label): devices}, read from the rows themselves."""
    first = Period.quarter(TODAY)
    labels = dict(Equipment._meta.get_field("family").choices)
    counts: dict[tuple[str, str], int] = {}
    rows = Equipment.objects.filter(organisation=organisation, state="en_service", purchase_date__isnull=False)
    for family, bought in rows.values_list("family", "purchase_date"):
        due = bought + relativedelta(years=AGES[family])
        if due < first.start:
            quarter = "Déjà échus"
        elif due <= first.shift(7).end:
            quarter = Period.quarter(due).label
        else:
            continue
        counts[quarter, labels[family]] = counts.get((quarter, labels[family]), 0) + 1
    return counts


def renewal_widgets(organisation):
    cache.clear()
    sections = DashboardPage(get_dashboard("patrimoine"), organisation, TODAY).build()
    return [w for s in sections for w in s["widgets"] if w["indicator"].code == "parc_renouvellements"]


def test_it_draws_the_renewals_as_one_chart_by_quarter_stacked_by_type(org):
    now = Period.quarter(TODAY)
    make_equipment(org, "PC-ECHU", purchase_date=date(2018, 5, 2))
    make_equipment(org, "PC-ECHU-2", purchase_date=date(2019, 1, 10))
    make_equipment(org, "PORTABLE-ECHU", family="pc_portable", purchase_date=date(2020, 2, 3))
    make_equipment(org, "PC-T+1", purchase_date=now.shift(1).start - relativedelta(years=6) + relativedelta(days=3))
    make_equipment(org, "PORTABLE-T+1", family="pc_portable", purchase_date=now.shift(1).start - relativedelta(years=5))
    make_equipment(org, "TABLETTE-T+5", family="tablette", purchase_date=now.shift(5).end - relativedelta(years=4))
    make_equipment(org, "PC-RECENT", purchase_date=date(2025, 6, 1))  # due after 24 months
    make_equipment(org, "PC-HS", state="hors_service", purchase_date=date(2017, 1, 1))

    widgets = renewal_widgets(org)

    assert [w["kind"] for w in widgets if w["kind"] != "number"] == ["stacked"]
    chart = next(w for w in widgets if w["kind"] == "stacked")
    quarters = ["Déjà échus", *(now.shift(i).label for i in range(8))]
    assert [row.label for row in chart["rows"]] == quarters
    assert chart["series"] == ["PC fixe", "PC portable", "Tablette"]
    shown = {
        (row.label, name): int(cell.text)
        for row in chart["rows"]
        for name, cell in zip(chart["series"], row.extra, strict=True)
        if cell.text != "0"
    }
    assert shown == expected_counts(org)
    assert [int(row.text) for row in chart["rows"]] == [
        sum(n for (quarter, _), n in expected_counts(org).items() if quarter == label) for label in quarters
    ]
    assert chart["svg"].count("<svg") == 1
    assert all(name in chart["svg"] for name in chart["series"])  # the legend names each type


def test_the_page_shows_one_renewals_chart_whose_segments_open_their_devices(org, client_for):
    make_equipment(org, "PC-ECHU", purchase_date=date(2018, 5, 2))
    make_equipment(org, "PORTABLE-ECHU", family="pc_portable", purchase_date=date(2020, 2, 3))

    page = client_for(Role.DIRECTION).get("/tableaux-de-bord/patrimoine/").content.decode()

    figure = '<figure class="border rounded p-2 bg-white h-100 mb-0" data-indicator="parc_renouvellements"'
    assert page.count(figure) == 1
    assert "/parc/?state=en_service&amp;family=pc_portable&amp;purchase_known=true&amp;purchased_before=" in page
