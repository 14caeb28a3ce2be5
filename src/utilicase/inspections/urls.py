from django.urls import path

from utilicase.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/entries/", views.plan_entry_add, name="plan_entry_add"),
    path("plans/<int:pk>/generate/", views.plan_generate, name="plan_generate"),
    path("new/", views.order_new, name="order_new"),
    path("tip-off/", views.tip_off, name="tip_off"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/site/", views.site, name="site"),
    path("<int:pk>/findings/<int:number>/<slug:name>/", views.finding_act, name="finding_act"),
    path("<int:pk>/<slug:name>/", views.act, name="act"),
]
