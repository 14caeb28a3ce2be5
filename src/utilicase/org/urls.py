from django.urls import path

from utilicase.org import views

app_name = "org"
urlpatterns = [
    path("grants/<int:pk>/<slug:action>/", views.grant_action, name="grant_action"),
]
