from django.urls import path

from utilicase.documents import views

app_name = "documents"

urlpatterns = [
    path("case/<str:target_type>/<str:target_id>/", views.case_documents, name="case"),
    path("case/<str:target_type>/<str:target_id>/new/", views.new, name="new"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/pdf/<str:copy>/", views.pdf, name="pdf"),
    path("<int:pk>/refusal/", views.refusal, name="refusal"),
    path("<int:pk>/service/", views.service, name="service"),
    path("<int:pk>/service/<int:record_id>/", views.service_detail, name="service_record"),
    path("<int:pk>/signatures/<int:signature_id>/", views.signature_image, name="signature"),
    path("<int:pk>/proofs/<int:proof_id>/", views.proof_file, name="proof"),
]
