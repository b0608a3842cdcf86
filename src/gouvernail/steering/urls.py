from django.urls import path

from gouvernail.steering.views import actions, occurrences, projects, roadmap

app_name = "steering"
gantt_export = roadmap.GanttExportView.as_view()

urlpatterns = [
    path("plan-action/tableau/", actions.ActionBoardView.as_view(), name="action_board"),
    path("plan-action/<int:pk>/deplacer/", actions.ActionMoveView.as_view(), name="action_move"),
    *occurrences.ActionOccurrenceViews.urls("plan-action/occurrences"),
    path(
        "plan-action/occurrences/<int:pk>/faite/",
        occurrences.OccurrenceDoneView.as_view(),
        name="actionoccurrence_done",
    ),
    *actions.ActionItemViews.urls("plan-action"),
    *projects.ProjectViews.urls("projets"),
    *projects.StatusReportViews.urls("points-avancement"),
    *projects.MilestoneViews.urls("jalons"),
    *projects.ExpectedDecisionViews.urls("decisions-attendues"),
    path("feuille-de-route/", roadmap.RoadmapMatrixView.as_view(), name="roadmap"),
    path("feuille-de-route/gantt/", roadmap.CurrentGanttView.as_view(), name="roadmap_gantt_current"),
    path("feuille-de-route/gantt/<int:year>/", roadmap.GanttView.as_view(), name="roadmap_gantt"),
    path("feuille-de-route/gantt/<int:year>.png", gantt_export, {"fmt": "png"}, name="roadmap_gantt_png"),
    path("feuille-de-route/gantt/<int:year>.pdf", gantt_export, {"fmt": "pdf"}, name="roadmap_gantt_pdf"),
    *roadmap.RoadmapAxisViews.urls("feuille-de-route/axes"),
    *roadmap.RoadmapThemeViews.urls("feuille-de-route/themes"),
    *roadmap.RoadmapItemViews.urls("feuille-de-route/elements"),
]
