from django.urls import path

from utilicase.billing import views

app_name = "billing"

urlpatterns = [
    path("", views.receivable_list, name="list"),
    path("case/<str:target_type>/<str:target_id>/", views.case_receivables, name="case"),
    path("receivables/<int:pk>/pay/", views.pay, name="pay"),
    path("payments/<int:pk>/reverse/", views.reverse_payment, name="reverse"),
    path("exports/", views.export_list, name="exports"),
    path("exports/new/", views.export_new, name="export_new"),
    path("exports/<int:pk>/<str:fmt>/", views.export_download, name="export_download"),
]
