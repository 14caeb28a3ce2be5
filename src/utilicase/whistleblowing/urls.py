from django.urls import path

from utilicase.whistleblowing import views

app_name = "whistleblowing"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("export.csv", views.report_export, name="export"),
    path("kpis/", views.report_kpis, name="kpis"),
    path("claim/", views.claim, name="claim"),
    path("<str:address>/", views.report_detail, name="detail"),
    path("<str:address>/confirm/", views.report_confirm, name="confirm"),
    path("<str:address>/not-a-report/", views.report_not_a_report, name="not_a_report"),
    path("<str:address>/investigate/", views.report_investigate, name="investigate"),
    path("<str:address>/notes/", views.report_note, name="note"),
    path("<str:address>/reply/", views.report_reply, name="reply"),
    path("<str:address>/claim-secret-reset/", views.report_claim_secret_reset, name="claim_secret_reset"),
    path("<str:address>/attachments/", views.report_attach, name="attach"),
    path("<str:address>/attachments/<int:ordinal>/", views.attachment_download, name="attachment"),
]
