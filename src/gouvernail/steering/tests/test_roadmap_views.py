"""The roadmap pages: the axes × years matrix with its progress, the yearly Gantt page and its
PNG / PDF exports — scoped to the organisation, readable by every role, at a bounded query cost."""

from datetime import date
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.steering.choices import ActionStatus, ProjectStatus, RoadmapItemStatus
from gouvernail.steering.models import ActionItem, Project, RoadmapAxis, RoadmapItem, RoadmapTheme
from gouvernail.steering.views import roadmap as roadmap_views


@pytest.fixture(autouse=True)
def empty_cache():
    """Rendered Gantts are cached; each test starts from nothing."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(client_for):
    return client_for(Role.ELU)


def make_axis(org, name: str, position: int = 0) -> RoadmapAxis:
    return RoadmapAxis.objects.create(organisation=org, name=name, position=position)


def make_item(org, axis, title: str, year: int = 2026, start=None, end=None, **fields) -> RoadmapItem:
    return RoadmapItem.objects.create(
        organisation=org, axis=axis, year=year, title=title, start_month=start, end_month=end, **fields
    )


def make_project(org, name: str, status=ProjectStatus.ON_TRACK, **fields) -> Project:
    return Project.objects.create(organisation=org, name=name, status=status, **fields)


def make_action(org, number: int, status=ActionStatus.TO_STUDY, **fields) -> ActionItem:
    return ActionItem.objects.create(organisation=org, number=number, title=f"Action {number}", status=status, **fields)


@pytest.fixture
def roadmap(org):
    """Three axes, the study's three yearly themes, and items in the cells of 2026–2028."""
    governance = make_axis(org, "Gouvernance & pilotage SI", 1)
    identity = make_axis(org, "Identités & accès (cloud-only)", 2)
    cyber = make_axis(org, "Cybersécurité", 3)
    for year, title in (
        (2026, "Structurer (fondations cloud)"),
        (2027, "Consolider & sécuriser"),
        (2028, "Optimiser & piloter"),
    ):
        RoadmapTheme.objects.create(organisation=org, year=year, title=title)
    items = {
        "copil": make_item(
            org, governance, "Mise en place COPIL SI", 2026, date(2026, 1, 1), date(2026, 12, 1), is_estimate=True
        ),
        "mfa": make_item(
            org,
            identity,
            "MFA généralisé",
            2026,
            date(2026, 3, 1),
            date(2026, 5, 1),
            status=RoadmapItemStatus.IN_PROGRESS,
        ),
        "rights": make_item(org, identity, "Revue annuelle des droits", 2027),
        "network": make_item(org, cyber, "Sécurisation réseau intersites", 2025, date(2025, 11, 1), date(2026, 3, 1)),
        "crisis": make_item(org, cyber, "Exercices de crise cyber (PRA)", 2028, date(2028, 9, 1), date(2028, 10, 1)),
    }
    return {"axes": (governance, identity, cyber), "items": items}


@pytest.fixture
def foreign_roadmap(other_org):
    axis = make_axis(other_org, "Axe de la voisine")
    RoadmapTheme.objects.create(organisation=other_org, year=2026, title="Thème de la voisine")
    item = make_item(other_org, axis, "Élément secret de la voisine", 2026, date(2026, 2, 1), date(2026, 6, 1))
    project = make_project(other_org, "Projet de la voisine", ProjectStatus.DONE, axis=axis)
    item.projects.add(project)
    return item


#
# The matrix
#


def test_the_matrix_shows_each_axis_and_year_with_its_items(roadmap, reader):
    response = reader.get("/feuille-de-route/")

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["axis"].name for row in rows] == [
        "Gouvernance & pilotage SI",
        "Identités & accès (cloud-only)",
        "Cybersécurité",
    ]
    cells = {(row["axis"].name, c["year"]): [i.title for i in c["items"]] for row in rows for c in row["cells"]}
    assert cells == {
        ("Gouvernance & pilotage SI", 2025): [],
        ("Gouvernance & pilotage SI", 2026): ["Mise en place COPIL SI"],
        ("Gouvernance & pilotage SI", 2027): [],
        ("Gouvernance & pilotage SI", 2028): [],
        ("Identités & accès (cloud-only)", 2025): [],
        ("Identités & accès (cloud-only)", 2026): ["MFA généralisé"],
        ("Identités & accès (cloud-only)", 2027): ["Revue annuelle des droits"],
        ("Identités & accès (cloud-only)", 2028): [],
        ("Cybersécurité", 2025): ["Sécurisation réseau intersites"],
        ("Cybersécurité", 2026): [],
        ("Cybersécurité", 2027): [],
        ("Cybersécurité", 2028): ["Exercices de crise cyber (PRA)"],
    }


def test_the_matrix_lists_items_with_their_link_months_estimate_and_status(roadmap, reader):
    content = reader.get("/feuille-de-route/").content.decode()

    copil, mfa, network = (roadmap["items"][key] for key in ("copil", "mfa", "network"))
    assert f'<a href="/feuille-de-route/elements/{copil.pk}/">Mise en place COPIL SI</a>' in content
    assert "janv.–déc. 2026 (estimé) · Prévu" in content
    assert f'<a href="/feuille-de-route/elements/{mfa.pk}/">MFA généralisé</a>' in content
    assert "mars–mai 2026 · En cours" in content
    assert f'href="/feuille-de-route/elements/{network.pk}/"' in content
    assert "nov. 2025 – mars 2026 · Prévu" in content


def test_the_matrix_heads_each_year_with_its_theme_and_links_to_its_gantt(roadmap, reader):
    response = reader.get("/feuille-de-route/")
    content = response.content.decode()

    themes = {column["year"]: column["theme"] for column in response.context["columns"]}
    assert [year for year in themes] == [2025, 2026, 2027, 2028]
    assert themes[2025] is None
    assert (themes[2026].title, themes[2027].title, themes[2028].title) == (
        "Structurer (fondations cloud)",
        "Consolider & sécuriser",
        "Optimiser & piloter",
    )
    assert "Consolider &amp; sécuriser" in content
    assert "Pas de thème pour cette année" in content
    for year in (2025, 2026, 2027, 2028):
        assert f'href="/feuille-de-route/gantt/{year}/">Gantt {year}</a>' in content


def test_the_matrix_heading_spans_the_years_it_shows(org, reader):
    for year in (2026, 2027, 2028):
        RoadmapTheme.objects.create(organisation=org, year=year, title=f"Thème {year}")
    make_axis(org, "Cybersécurité")

    content = reader.get("/feuille-de-route/").content.decode()

    assert '<h1 class="h3 mb-0 me-auto">Feuille de route 2026–2028</h1>' in content


def test_axes_without_themes_or_items_show_three_years_from_this_one(org, reader):
    make_axis(org, "Cybersécurité")

    response = reader.get("/feuille-de-route/")

    this_year = timezone.localdate().year
    assert [c["year"] for c in response.context["columns"]] == [this_year, this_year + 1, this_year + 2]


def test_an_empty_roadmap_explains_how_to_start(org, client_for):
    content = client_for(Role.REFERENT_SI).get("/feuille-de-route/").content.decode()

    assert "La feuille de route est vide." in content
    assert 'href="/feuille-de-route/axes/ajouter/"' in content
    assert "<table" not in content


def test_an_empty_roadmap_tells_a_reader_who_fills_it(org, reader):
    content = reader.get("/feuille-de-route/").content.decode()

    assert "Le référent SI n'a pas encore renseigné la feuille de route." in content
    assert "/ajouter/" not in content


def test_an_editor_can_add_an_item_from_each_cell(roadmap, client_for):
    content = client_for(Role.REFERENT_SI).get("/feuille-de-route/").content.decode()

    cyber = roadmap["axes"][2]
    assert f'href="/feuille-de-route/elements/ajouter/?axis={cyber.pk}&amp;year=2027"' in content


#
# Progress per axis
#


@pytest.fixture
def progress_fixture(org):
    """Axis A: projects 2 done of 3, actions 1 done of 4 (linked by field, by item, or both);
    axis B only reaches an action through its item."""
    a = make_axis(org, "A", 1)
    b = make_axis(org, "B", 2)
    item_a1 = make_item(org, a, "A 2026", 2026)
    item_a2 = make_item(org, a, "A 2027", 2027)
    item_b = make_item(org, b, "B 2026", 2026)

    make_project(org, "P1 terminé, par son axe", ProjectStatus.DONE, axis=a)
    p2 = make_project(org, "P2 en cours, par un élément", ProjectStatus.AT_RISK)
    p3 = make_project(org, "P3 terminé, par son axe et deux éléments", ProjectStatus.DONE, axis=a)
    item_a1.projects.add(p2, p3)
    item_a2.projects.add(p3)
    make_project(org, "P4 sans axe", ProjectStatus.DONE)

    make_action(org, 1, ActionStatus.DONE, axis=a)
    a2 = make_action(org, 2, ActionStatus.IN_PROGRESS)
    a3 = make_action(org, 3, ActionStatus.TO_PLAN, axis=a)
    a4 = make_action(org, 4, ActionStatus.DEFERRED, stop_reason="ressources")
    a5 = make_action(org, 5, ActionStatus.DONE)
    item_a1.actions.add(a2, a3)
    item_a2.actions.add(a4)
    item_b.actions.add(a5)
    return a, b


def test_axis_progress_counts_done_projects_and_actions_once_each(progress_fixture, reader):
    a, b = progress_fixture

    response = reader.get("/feuille-de-route/")

    progress = {row["axis"].name: row["progress"] for row in response.context["rows"]}
    assert (progress["A"].projects.done, progress["A"].projects.total, progress["A"].projects.percent) == (2, 3, 67)
    assert (progress["A"].actions.done, progress["A"].actions.total, progress["A"].actions.percent) == (1, 4, 25)
    assert (progress["B"].projects.total, progress["B"].projects.percent) == (0, None)
    assert (progress["B"].actions.done, progress["B"].actions.total, progress["B"].actions.percent) == (1, 1, 100)
    content = response.content.decode()
    assert "(67 %)" in content
    assert "(25 %)" in content
    assert "Aucun projet lié" in content


def test_each_progress_number_opens_the_list_it_counts(progress_fixture, reader):
    a, b = progress_fixture
    content = reader.get("/feuille-de-route/").content.decode()

    links = {
        f"/projets/?roadmap_axis={a.pk}&amp;status=termine": 2,
        f"/projets/?roadmap_axis={a.pk}": 3,
        f"/plan-action/?roadmap_axis={a.pk}&amp;status=fait": 1,
        f"/plan-action/?roadmap_axis={a.pk}": 4,
        f"/plan-action/?roadmap_axis={b.pk}": 1,
    }
    for link, count in links.items():
        assert f'href="{link}">{count}</a>' in content
        listed = reader.get(link.replace("&amp;", "&"))
        assert listed.context["total_count"] == count, link


def test_the_roadmap_axis_filter_keeps_rows_of_other_axes_out(progress_fixture, reader):
    a, b = progress_fixture

    listed = reader.get(f"/plan-action/?roadmap_axis={b.pk}")

    assert [row.record.number for row in listed.context["table"].rows] == [5]


#
# The Gantt page
#


def test_the_gantt_page_shows_the_svg_as_an_image_and_its_text_alternative(roadmap, reader):
    response = reader.get("/feuille-de-route/gantt/2026/")
    content = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="h3 mb-0 me-auto">Gantt 2026</h1>' in content
    assert "Structurer (fondations cloud)" in content
    assert '<svg role="img" aria-labelledby="gantt-svg-title"' in content
    assert '<title id="gantt-svg-title">Diagramme de Gantt 2026 : 3 éléments de la feuille de route</title>' in content
    assert 'id="gantt-table-caption"' in content
    assert [item.title for item in response.context["scheduled"]] == [
        "Mise en place COPIL SI",
        "MFA généralisé",
        "Sécurisation réseau intersites",
    ]
    copil = roadmap["items"]["copil"]
    assert f'<a xlink:href="/feuille-de-route/elements/{copil.pk}/" tabindex="-1">' in content
    row = (
        f'<a href="/feuille-de-route/elements/{copil.pk}/">Mise en place COPIL SI</a></th>\n'
        "        <td>Gouvernance &amp; pilotage SI</td>\n"
        '        <td class="text-nowrap">janv. 2026</td>\n'
        '        <td class="text-nowrap">déc. 2026</td>\n'
        "        <td>Prévu</td>\n"
        "        <td>Oui (estimé)</td>"
    )
    assert row in content


def test_the_gantt_page_shows_items_spanning_years_in_each_year_with_their_real_months(roadmap, reader):
    in_2025 = reader.get("/feuille-de-route/gantt/2025/")
    in_2026 = reader.get("/feuille-de-route/gantt/2026/")
    in_2027 = reader.get("/feuille-de-route/gantt/2027/")

    assert [i.title for i in in_2025.context["scheduled"]] == ["Sécurisation réseau intersites"]
    assert "Sécurisation réseau intersites" in [i.title for i in in_2026.context["scheduled"]]
    assert in_2027.context["scheduled"] == []
    for response in (in_2025, in_2026):
        assert 'nowrap">nov. 2025</td>\n        <td class="text-nowrap">mars 2026</td>' in response.content.decode()


def test_the_gantt_page_lists_the_items_of_the_year_that_have_no_months(roadmap, reader):
    response = reader.get("/feuille-de-route/gantt/2027/")
    content = response.content.decode()

    assert [i.title for i in response.context["unscheduled"]] == ["Revue annuelle des droits"]
    assert "Éléments de 2027 sans mois (absents du diagramme)" in content
    assert "Aucun élément planifié en 2027" in content


def test_an_empty_year_renders_its_gantt_with_a_sentence(org, reader):
    response = reader.get("/feuille-de-route/gantt/2031/")
    content = response.content.decode()

    assert response.status_code == 200
    assert "Aucun élément planifié en 2031" in content
    assert '<title id="gantt-svg-title">Diagramme de Gantt 2031 : aucun élément planifié</title>' in content


def test_the_gantt_page_links_to_the_previous_and_next_years_and_its_downloads(org, reader):
    content = reader.get("/feuille-de-route/gantt/2026/").content.decode()

    assert 'href="/feuille-de-route/gantt/2025/"' in content
    assert 'href="/feuille-de-route/gantt/2027/"' in content
    assert 'href="/feuille-de-route/gantt/2026.png"' in content
    assert 'href="/feuille-de-route/gantt/2026.pdf"' in content


def test_the_today_line_appears_on_this_years_gantt_only(roadmap, reader):
    this_year = timezone.localdate().year

    assert 'id="today"' in reader.get(f"/feuille-de-route/gantt/{this_year}/").content.decode()
    assert 'id="today"' not in reader.get(f"/feuille-de-route/gantt/{this_year + 1}/").content.decode()


def test_a_year_outside_the_roadmap_range_is_not_found(org, reader):
    assert reader.get("/feuille-de-route/gantt/1999/").status_code == 404
    assert reader.get("/feuille-de-route/gantt/2101.png").status_code == 404


def test_the_gantt_of_the_year_redirects_to_the_current_year(org, reader):
    response = reader.get("/feuille-de-route/gantt/")

    assert response.status_code == 302
    assert response["Location"] == f"/feuille-de-route/gantt/{timezone.localdate().year}/"


#
# Exports
#


@pytest.mark.parametrize(
    ("suffix", "content_type", "signature"),
    [("png", "image/png", b"\x89PNG\r\n\x1a\n"), ("pdf", "application/pdf", b"%PDF")],
)
def test_the_gantt_downloads_as_png_and_pdf_with_a_french_filename(roadmap, reader, suffix, content_type, signature):
    response = reader.get(f"/feuille-de-route/gantt/2026.{suffix}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="feuille-de-route-2026.{suffix}"'
    assert response.content.startswith(signature)


def test_an_empty_year_downloads_too(org, reader):
    response = reader.get("/feuille-de-route/gantt/2031.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_an_unchanged_roadmap_is_not_rendered_again(roadmap, reader, monkeypatch):
    calls = []
    render = roadmap_views.RENDERERS["png"]
    monkeypatch.setitem(roadmap_views.RENDERERS, "png", lambda *a, **kw: calls.append(1) or render(*a, **kw))

    first = reader.get("/feuille-de-route/gantt/2026.png").content
    second = reader.get("/feuille-de-route/gantt/2026.png").content
    assert (len(calls), first == second) == (1, True)

    item = roadmap["items"]["mfa"]
    item.status = RoadmapItemStatus.DONE
    item.save()
    reader.get("/feuille-de-route/gantt/2026.png")
    assert len(calls) == 2

    axis = item.axis
    axis.name = "Identités"
    axis.save()
    reader.get("/feuille-de-route/gantt/2026.png")
    assert len(calls) == 3


#
# Organisations and roles
#


def test_another_organisations_roadmap_never_shows(roadmap, foreign_roadmap, reader):
    pages = [
        "/feuille-de-route/",
        "/feuille-de-route/gantt/2026/",
    ]
    for url in pages:
        content = reader.get(url).content.decode()
        for secret in ("Élément secret de la voisine", "Axe de la voisine", "Thème de la voisine"):
            assert secret not in content, url
    progress = {row["axis"].name: row["progress"] for row in reader.get("/feuille-de-route/").context["rows"]}
    assert all(p.projects.total == 0 for p in progress.values())
    assert reader.get(f"/feuille-de-route/elements/{foreign_roadmap.pk}/").status_code == 404


def test_another_organisations_items_are_not_drawn_in_the_exports(foreign_roadmap, reader, monkeypatch):
    drawn = []
    render = roadmap_views.RENDERERS["pdf"]
    monkeypatch.setitem(
        roadmap_views.RENDERERS, "pdf", lambda year, bars, **kw: drawn.extend(bars) or render(year, bars, **kw)
    )

    reader.get("/feuille-de-route/gantt/2026.pdf")

    assert drawn == []


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize(
    "url", ["/feuille-de-route/", "/feuille-de-route/gantt/2026/", "/feuille-de-route/gantt/2026.png"]
)
def test_every_role_can_read_the_roadmap(roadmap, client_for, role, url):
    assert client_for(role).get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/feuille-de-route/",
        "/feuille-de-route/gantt/",
        "/feuille-de-route/gantt/2026/",
        "/feuille-de-route/gantt/2026.png",
        "/feuille-de-route/gantt/2026.pdf",
    ],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(org, client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/compte/login/?next={quote(url)}"


def test_the_menu_opens_the_matrix_and_this_years_gantt(org, reader):
    response = reader.get("/feuille-de-route/gantt/2026/")
    content = response.content.decode()

    assert 'href="/feuille-de-route/">Feuille de route</a>' in content
    assert 'href="/feuille-de-route/gantt/" aria-current="page">Gantt de l&#x27;année</a>' in content


#
# Query counts
#


def fill_roadmap(org, count: int) -> None:
    """`count` items over 9 axes and 3 years, each linked to a project and an action."""
    axes = RoadmapAxis.objects.bulk_create(
        RoadmapAxis(organisation=org, name=f"Axe {n}", position=n) for n in range(1, 10)
    )
    RoadmapTheme.objects.bulk_create(
        RoadmapTheme(organisation=org, year=year, title=f"Thème {year}") for year in (2026, 2027, 2028)
    )
    statuses = RoadmapItemStatus.values
    items = RoadmapItem.objects.bulk_create(
        RoadmapItem(
            organisation=org,
            axis=axes[n % 9],
            year=2026 + n % 3,
            title=f"Élément {n}",
            start_month=date(2026, 1 + n % 12, 1),
            end_month=date(2026 + n % 2, 1 + (n + 3) % 12, 1) if n % 2 else date(2026, 12, 1),
            status=statuses[n % 4],
            is_estimate=bool(n % 3),
        )
        for n in range(count)
    )
    projects = Project.objects.bulk_create(
        Project(organisation=org, name=f"Projet {n}", status=ProjectStatus.DONE if n % 2 else ProjectStatus.ON_TRACK)
        for n in range(count)
    )
    actions = ActionItem.objects.bulk_create(
        ActionItem(organisation=org, number=n + 1, title=f"Action {n}", axis=axes[n % 9]) for n in range(count)
    )
    project_link, action_link = RoadmapItem.projects.through, RoadmapItem.actions.through
    project_link.objects.bulk_create(
        project_link(roadmapitem_id=i.pk, project_id=p.pk) for i, p in zip(items, projects, strict=True)
    )
    action_link.objects.bulk_create(
        action_link(roadmapitem_id=i.pk, actionitem_id=a.pk) for i, a in zip(items, actions, strict=True)
    )


# Page → the most queries it may issue, whatever the number of items: session, user, memberships,
# the demo banner, then the page's own (matrix: axes, themes, items, 2 × 2 progress; Gantt page:
# items of the year, theme; export: items of the year).
QUERY_BUDGETS = {
    "/feuille-de-route/": 11,
    "/feuille-de-route/gantt/2026/": 6,
    "/feuille-de-route/gantt/2026.png": 4,
}


@pytest.mark.parametrize("url", QUERY_BUDGETS)
@pytest.mark.parametrize("count", [5, 200])
def test_roadmap_pages_cost_a_bounded_number_of_queries(org, reader, django_assert_max_num_queries, url, count):
    fill_roadmap(org, count)

    with django_assert_max_num_queries(QUERY_BUDGETS[url]) as captured:
        response = reader.get(url)

    assert response.status_code == 200
    if url.endswith("/2026/"):
        assert len(response.context["scheduled"]) > count // 2
    print(f"\nrequêtes {url}, {count} éléments : {len(captured.captured_queries)}")  # shown with pytest -s
