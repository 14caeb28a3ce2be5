from django.urls import path

from utilicase.compliance import views

app_name = "compliance"

urlpatterns = [
    path("", views.table, name="table"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("clause/<str:key>/", views.exceptions, name="exceptions"),
    path("monthly/", views.monthly_pick, name="monthly_pick"),
    path("monthly/<slug:code>/<str:month>.pdf", views.monthly, name="monthly"),
]
