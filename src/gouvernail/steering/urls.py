from django.urls import path

from gouvernail.steering.views import actions, projects, roadmap

app_name = "steering"

urlpatterns = [
    path("plan-action/tableau/", actions.ActionBoardView.as_view(), name="action_board"),
    path("plan-action/<int:pk>/deplacer/", actions.ActionMoveView.as_view(), name="action_move"),
    *actions.ActionItemViews.urls("plan-action"),
    *projects.ProjectViews.urls("projets"),
    *projects.StatusReportViews.urls("points-avancement"),
    *projects.MilestoneViews.urls("jalons"),
    *projects.ExpectedDecisionViews.urls("decisions-attendues"),
    *roadmap.RoadmapAxisViews.urls("feuille-de-route/axes"),
    *roadmap.RoadmapThemeViews.urls("feuille-de-route/themes"),
    *roadmap.RoadmapItemViews.urls("feuille-de-route/elements"),
]
