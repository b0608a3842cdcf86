from django.urls import path

from gouvernail.governance.views import (
    acknowledgements,
    checkpoints,
    committees,
    decisions,
    documents,
    resolutions,
    roles,
    rollout,
    scenarios,
)

app_name = "governance"

urlpatterns = [
    path(
        "decisions/registre/",
        decisions.DecisionRegisterView.as_view(viewset=decisions.DecisionRegisterViews),
        name="decision_register",
    ),
    path(
        "decisions/registre/verification/",
        decisions.RegisterVerificationView.as_view(),
        name="register_verification",
    ),
    path("decisions/registre/export.zip", checkpoints.RegisterExportView.as_view(), name="register_export"),
    *checkpoints.RegisterCheckpointViews.urls("decisions/registre/points-de-controle"),
    path(
        "decisions/registre/points-de-controle/<int:pk>/telecharger/",
        checkpoints.CheckpointDownloadView.as_view(),
        name="registercheckpoint_download",
    ),
    *decisions.DecisionOptionViews.urls("decisions/options"),
    *resolutions.DecisionResolutionViews.urls("decisions/resolutions"),
    *resolutions.DecisionActViews.urls("decisions/actes"),
    *decisions.DecisionViews.urls("decisions"),
    *rollout.GovernanceEventViews.urls("gouvernance/mise-en-oeuvre"),
    path(
        "gouvernance/mise-en-oeuvre/<int:pk>/planifier/",
        rollout.GovernanceEventPlanView.as_view(),
        name="governanceevent_plan",
    ),
    path("gouvernance/raci/", roles.RaciMatrixView.as_view(), name="raci_matrix"),
    *roles.RoleViews.urls("gouvernance/roles"),
    *roles.RaciAssignmentViews.urls("gouvernance/raci/cases"),
    *committees.CommitteeViews.urls("instances"),
    *committees.CommitteeMemberViews.urls("instances/membres"),
    *committees.MeetingViews.urls("reunions"),
    *committees.AgendaItemViews.urls("reunions/ordre-du-jour"),
    *scenarios.ScenarioAnalysisViews.urls("scenarios"),
    *scenarios.ScenarioCriterionViews.urls("scenarios/criteres"),
    *scenarios.ScenarioOptionViews.urls("scenarios/options"),
    *scenarios.ScenarioRatingViews.urls("scenarios/appreciations"),
    *documents.FrameworkDocumentVersionViews.urls("documents-cadres/versions"),
    *acknowledgements.AcknowledgementCampaignViews.urls("documents-cadres/campagnes"),
    *documents.FrameworkDocumentViews.urls("documents-cadres"),
]
