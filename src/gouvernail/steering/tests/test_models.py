"""The steering models: when an action is overdue, and the French errors of invalid projects,
actions and roadmap items."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError

from gouvernail.core.services import organisation_purge
from gouvernail.steering.choices import ActionStatus
from gouvernail.steering.models import ActionItem, Milestone, Project, RoadmapAxis, RoadmapItem, RoadmapTheme
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.referentiel import make_referentiel
from gouvernail.testing.factories.steering import make_action, make_axis, make_project, make_roadmap_item
from gouvernail.testing.factories.vendors import make_vendor

TODAY = date(2026, 3, 4)
OPEN_STATUSES = ("a_etudier", "a_planifier", "a_valider", "en_cours")
CLOSED_STATUSES = ("fait", "reportee", "abandonnee")


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    return error.value.message_dict


#
# Overdue, at the edges
#

# Due date relative to today → overdue when the action is open.
DUE_DATES = {
    "due yesterday": (-1, True),
    "due a year ago": (-365, True),
    "due today": (0, False),
    "due tomorrow": (1, False),
}


@pytest.mark.parametrize("status", OPEN_STATUSES)
@pytest.mark.parametrize("due", DUE_DATES)
def test_an_open_action_is_overdue_from_the_day_after_its_due_date(due, status, org):
    days, expected = DUE_DATES[due]
    action = make_action(org, status=status, due_date=TODAY + timedelta(days=days))

    assert action.is_overdue(TODAY) is expected
    assert (action in ActionItem.objects.overdue(TODAY)) is expected


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_a_done_deferred_or_abandoned_action_is_never_overdue(status, org):
    reason = "ressources" if status != "fait" else ""
    action = make_action(org, status=status, stop_reason=reason, due_date=TODAY - timedelta(days=30))

    assert action.is_overdue(TODAY) is False
    assert not ActionItem.objects.overdue(TODAY).exists()


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_an_action_without_a_due_date_is_never_overdue(status, org):
    action = make_action(org, status=status, due_date=None)

    assert action.is_overdue(TODAY) is False
    assert not ActionItem.objects.overdue(TODAY).exists()


def test_the_overdue_queryset_agrees_with_is_overdue_on_every_status_and_due_date(org):
    number = 0
    for status in ActionStatus.values:
        for days in (None, -2, -1, 0, 1):
            number += 1
            make_action(
                org,
                number,
                status=status,
                stop_reason="ressources" if status in {"reportee", "abandonnee"} else "",
                due_date=None if days is None else TODAY + timedelta(days=days),
            )

    overdue = set(ActionItem.objects.overdue(TODAY))

    assert overdue == {action for action in ActionItem.objects.all() if action.is_overdue(TODAY)}
    assert len(overdue) == len(OPEN_STATUSES) * 2  # due yesterday or the day before


def test_is_overdue_defaults_to_today(org):
    yesterday = make_action(org, 1, due_date=date.today() - timedelta(days=1))
    today = make_action(org, 2, due_date=date.today())

    assert yesterday.is_overdue() is True
    assert today.is_overdue() is False


def test_the_open_queryset_excludes_closed_actions(org):
    make_action(org, 1, status="en_cours")
    make_action(org, 2, status="fait")
    make_action(org, 3, status="abandonnee", stop_reason="arbitrage")

    assert list(ActionItem.objects.open().values_list("number", flat=True)) == [1]


#
# Actions
#


def test_an_action_owned_by_a_person_and_a_vendor_is_refused_in_french(org):
    action = ActionItem(
        organisation=org, number=1, title="MDM", owner_person=make_person(org), owner_vendor=make_vendor(org)
    )

    assert errors_of(action) == {"owner_vendor": ["Le porteur est une personne ou un prestataire, pas les deux."]}


@pytest.mark.parametrize("status", ["reportee", "abandonnee"])
def test_a_stopped_action_without_a_reason_is_refused_in_french(status, org):
    action = ActionItem(organisation=org, number=1, title="PRA", status=status)

    assert errors_of(action) == {"stop_reason": ["Indiquez pourquoi l'action est reportée ou abandonnée."]}


def test_an_action_that_is_not_stopped_loses_its_reason(org):
    action = ActionItem(organisation=org, number=1, title="PRA", status="en_cours", stop_reason="ressources")

    action.full_clean()

    assert action.stop_reason == ""


def test_the_owner_of_an_action_is_its_person_or_its_vendor(org):
    person, vendor = make_person(org), make_vendor(org, "OVH")

    assert make_action(org, 1, owner_person=person).owner == person
    assert make_action(org, 2, owner_vendor=vendor).owner == vendor
    assert make_action(org, 3).owner is None


#
# Projects
#


@pytest.mark.parametrize("field", ["budget_spent", "budget_committed"])
def test_a_project_spending_without_a_planned_budget_is_refused_in_french(field, org):
    project = Project(organisation=org, name="Téléphonie IP", **{field: Decimal("1200")})

    assert errors_of(project) == {field: ["Renseignez d'abord le budget prévu."]}


def test_a_project_with_a_planned_budget_may_spend(org):
    project = Project(
        organisation=org,
        name="Téléphonie IP",
        budget_planned=Decimal("36000"),
        budget_committed=Decimal("20000"),
        budget_spent=Decimal("0"),
    )

    project.full_clean()


def test_a_negative_budget_is_refused_in_french(org):
    project = Project(organisation=org, name="Téléphonie IP", budget_planned=Decimal("-1"))

    assert errors_of(project) == {"budget_planned": ["Le montant ne peut pas être négatif."]}


def test_a_project_ending_before_it_starts_is_refused_in_french(org):
    project = Project(
        organisation=org,
        name="M365",
        planned_start=date(2026, 6, 1),
        planned_end=date(2026, 5, 31),
        actual_start=date(2026, 6, 1),
        actual_end=date(2026, 5, 1),
    )

    assert errors_of(project) == {
        "planned_end": ["La fin prévue précède le début prévu."],
        "actual_end": ["La fin réelle précède le début réel."],
    }


def test_a_project_may_end_the_day_it_starts(org):
    Project(organisation=org, name="M365", planned_start=date(2026, 6, 1), planned_end=date(2026, 6, 1)).full_clean()


def test_a_project_with_a_structuring_domain_is_structuring(org):
    project = Project(organisation=org, name="Téléphonie IP", structuring_kind="telecoms")

    project.full_clean()

    assert project.is_structuring is True


def test_running_projects_are_those_with_a_weather(org):
    for status in ("en_cours", "en_risque", "en_alerte", "termine", "suspendu"):
        make_project(org, f"Projet {status}", status=status)

    running = set(Project.objects.running().values_list("status", flat=True))

    assert running == {"en_cours", "en_risque", "en_alerte"}


#
# Roadmap
#


def test_a_roadmap_item_ending_before_it_starts_is_refused_in_french(org):
    item = RoadmapItem(
        organisation=org,
        axis=make_axis(org),
        year=2026,
        title="Firewall",
        start_month=date(2026, 4, 1),
        end_month=date(2026, 2, 1),
    )

    assert errors_of(item) == {"end_month": ["Le mois de fin précède le mois de début."]}


@pytest.mark.parametrize(
    "months", [{"start_month": date(2026, 4, 1)}, {"end_month": date(2026, 4, 1)}], ids=["start only", "end only"]
)
def test_a_roadmap_item_with_a_single_month_is_refused_in_french(months, org):
    item = RoadmapItem(organisation=org, axis=make_axis(org), year=2026, title="Firewall", **months)

    assert errors_of(item) == {"end_month": ["Indiquez les deux mois (début et fin) ou aucun."]}


def test_a_roadmap_item_stores_its_months_as_their_first_day(org):
    item = make_roadmap_item(org, make_axis(org), start_month=date(2026, 2, 17), end_month=date(2026, 4, 30))

    item.refresh_from_db()
    assert (item.start_month, item.end_month) == (date(2026, 2, 1), date(2026, 4, 1))


def test_a_roadmap_item_within_one_month_is_valid(org):
    item = RoadmapItem(
        organisation=org,
        axis=make_axis(org),
        year=2026,
        title="COPIL de clôture",
        start_month=date(2026, 12, 1),
        end_month=date(2026, 12, 1),
    )

    item.full_clean()


@pytest.mark.parametrize("year", [26, 1999, 2101])
def test_a_theme_year_must_have_four_digits(year, org):
    theme = RoadmapTheme(organisation=org, year=year, title="Structurer")

    assert errors_of(theme) == {"year": ["Année invalide (4 chiffres, ex. 2026)."]}


def test_an_axis_that_still_has_items_cannot_be_deleted_alone(org):
    axis = make_axis(org)
    make_roadmap_item(org, axis)

    with pytest.raises(RestrictedError):
        axis.delete()

    assert RoadmapAxis.objects.filter(pk=axis.pk).exists()


def test_an_organisation_with_a_roadmap_and_an_action_plan_can_be_purged(org, other_org):
    make_referentiel(org)
    kept = make_referentiel(other_org, suffix=" (voisine)")

    organisation_purge(organisation=org)

    assert not RoadmapItem.objects.filter(organisation_id=org.pk).exists()
    assert not ActionItem.objects.filter(organisation_id=org.pk).exists()
    assert list(RoadmapItem.objects.all()) == [kept.roadmap_item]
    assert list(Project.objects.all()) == [kept.project]


def test_a_milestone_is_late_only_when_unreached_after_its_date(org):
    project = Project.objects.create(organisation=org, name="Jalonné")
    today = date(2026, 11, 28)
    yesterday = Milestone(organisation=org, project=project, name="Hier", due_date=date(2026, 11, 27))
    due_today = Milestone(organisation=org, project=project, name="Aujourd'hui", due_date=today)
    reached = Milestone(organisation=org, project=project, name="Atteint", due_date=date(2026, 1, 1), done_date=today)

    assert [yesterday.is_late(today), due_today.is_late(today), reached.is_late(today)] == [True, False, False]
