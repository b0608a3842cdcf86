"""The demo organisation gives every dashboard content: two years of synthetic requests, clearly
labelled, and the measurements that trends read."""

from django.db.models import Count
from django.utils import timezone

from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.servicedesk.choices import RequestFamily
from gouvernail.servicedesk.models import Request


def test_the_synthetic_requests_are_labelled_as_demonstration(demo, db):
    requests = Request.objects.filter(organisation=demo)

    assert requests.count() > 3000
    assert set(requests.values_list("source", flat=True).distinct()) == {"demo"}
    assert requests.first().get_source_display() == "Démonstration (synthétique)"


def test_the_synthetic_requests_cover_two_years_and_the_four_families(demo, db):
    requests = Request.objects.filter(organisation=demo)
    first = requests.order_by("opened_at").first().opened_at.date()

    assert (timezone.localdate() - first).days > 700
    assert set(requests.values_list("family", flat=True).distinct()) == set(RequestFamily.values)


def test_august_is_quieter_than_september(demo, db):
    by_month = dict(
        Request.objects.filter(organisation=demo, opened_at__year=timezone.localdate().year - 1)
        .values_list("opened_at__month")
        .annotate(n=Count("pk"))
        .order_by()
    )

    assert by_month[8] < by_month[9]


def test_the_monthly_trend_has_two_years_of_measurements(demo, db):
    last = Period.month(timezone.localdate()).previous()
    keys = {last.shift(-i).key for i in range(24)}

    stored = set(
        Measurement.objects.filter(organisation=demo, code="demandes_mois", dimension_key="total").values_list(
            "period_key", flat=True
        )
    )

    assert keys <= stored


def test_the_windows_11_progress_has_a_synthetic_past_labelled_as_such(demo, db):
    past = Measurement.objects.filter(organisation=demo, code="w11_taux", source="Démonstration (synthétique)")

    assert past.count() == 11
    assert past.order_by("period_start").first().value < past.order_by("period_start").last().value


def test_the_demo_agents_have_synthetic_directory_accounts_for_the_accounts_section(demo, db):
    today = timezone.localdate()
    coverage, dormant = (
        {v.key: v for v in registry.get_indicator(code).compute(demo, Period.month(today), today)}
        for code in ("mfa_taux", "comptes_inactifs")
    )

    assert 60 < coverage["total"].value < 95
    assert any(v.hidden for v in coverage.values()) and any(not v.hidden for k, v in coverage.items() if k != "total")
    assert dormant["total"].value > 0
