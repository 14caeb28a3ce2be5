from django.urls import path

from utilicase.whistleblowing import views

app_name = "whistleblowing"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("export.csv", views.report_export, name="export"),
    path("kpis/", views.report_kpis, name="kpis"),
    path("claim/", views.claim, name="claim"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/confirm/", views.report_confirm, name="confirm"),
    path("<int:pk>/not-a-report/", views.report_not_a_report, name="not_a_report"),
    path("<int:pk>/investigate/", views.report_investigate, name="investigate"),
    path("<int:pk>/notes/", views.report_note, name="note"),
    path("<int:pk>/reply/", views.report_reply, name="reply"),
    path("<int:pk>/attachments/", views.report_attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
