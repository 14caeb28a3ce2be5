from django.urls import path

from utilicase.evidence import views

app_name = "evidence"
urlpatterns = [
    path("case/<str:target_type>/<str:target_id>/", views.register, name="register"),
    path("case/<str:target_type>/<str:target_id>/new/", views.item_new, name="item_new"),
    path("case/<str:target_type>/<str:target_id>/confirm/", views.confirm, name="confirm"),
    path("case/<str:target_type>/<str:target_id>/package.pdf", views.package_pdf, name="package_pdf"),
    path("case/<str:target_type>/<str:target_id>/package.zip", views.package_zip, name="package_zip"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/files/", views.file_add, name="file_add"),
    path("items/<int:pk>/seal/", views.seal, name="seal"),
    path("items/<int:pk>/custody/", views.custody, name="custody"),
    path("files/<int:pk>/", views.file_original, name="file"),
    path("files/<int:pk>/thumbnail/", views.file_thumbnail, name="thumbnail"),
    path("custody/<int:pk>/report/", views.appraisal_report, name="report"),
]
