from django.urls import path

from utilicase.accidents import views

app_name = "accidents"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:name>/", views.act, name="act"),
]
