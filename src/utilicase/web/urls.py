from django.urls import path

from utilicase.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
