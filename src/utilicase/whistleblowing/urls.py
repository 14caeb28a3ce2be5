from django.urls import path

from utilicase.whistleblowing import views

app_name = "whistleblowing"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("export.csv", views.report_export, name="export"),
    path("kpis/", views.report_kpis, name="kpis"),
    path("claim/", views.claim, name="claim"),
    path("<str:number>/", views.report_detail, name="detail"),
    path("<str:number>/confirm/", views.report_confirm, name="confirm"),
    path("<str:number>/not-a-report/", views.report_not_a_report, name="not_a_report"),
    path("<str:number>/investigate/", views.report_investigate, name="investigate"),
    path("<str:number>/notes/", views.report_note, name="note"),
    path("<str:number>/reply/", views.report_reply, name="reply"),
    path("<str:number>/attachments/", views.report_attach, name="attach"),
    path("<str:number>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
