from django.urls import path

from gouvernail.reports import views

app_name = "reports"

urlpatterns = [
    path("reunions/<int:pk>/releve.pdf", views.MeetingMinutesView.as_view(export_format="pdf"), name="minutes_pdf"),
    path("reunions/<int:pk>/releve.docx", views.MeetingMinutesView.as_view(export_format="docx"), name="minutes_docx"),
    path("reunions/<int:pk>/dossier-copil/", views.CopilPackGenerateView.as_view(), name="copil_pack_generate"),
    path("dossiers-copil/<int:pk>/", views.CopilPackDownloadView.as_view(), name="copil_pack_download"),
    path("mes-agendas/", views.MyCalendarsView.as_view(), name="my_calendars"),
    path("agenda/<str:token>.ics", views.calendar_feed_view, name="calendar_feed"),
]
