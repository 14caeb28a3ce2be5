from django.urls import path

from utilicase.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:section>/", views.section, name="section"),
    path("<slug:section>/<slug:key>/", views.figure, name="figure"),
]
