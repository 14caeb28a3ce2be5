from django.urls import path

from utilicase.fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.order_new, name="order_new"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("checklists/", views.checklists, name="checklists"),
    path("checklists/<int:item_pk>/", views.checklist_edit, name="checklist_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rating-link/", views.rating_link, name="rating_link"),
    path("<int:pk>/<slug:name>/", views.act, name="act"),
]
