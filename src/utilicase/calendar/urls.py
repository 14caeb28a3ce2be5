from django.urls import path

from utilicase.calendar import views

app_name = "calendar"
urlpatterns = [
    path("due/", views.due, name="due"),
]
