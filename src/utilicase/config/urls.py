from django.contrib import admin
from django.urls import include, path

from utilicase.config.api import api
from utilicase.web.forms import ThrottledAdminLoginForm

admin.site.login_form = ThrottledAdminLoginForm  # no unthrottled way to guess a password
handler500 = "utilicase.config.middleware.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calendar/", include("utilicase.calendar.urls")),
    path("customers/", include("utilicase.customers.urls")),
    path("complaints/", include("utilicase.complaints.urls")),
    path("inspections/", include("utilicase.inspections.urls")),
    path("field/", include("utilicase.fieldwork.urls")),
    path("enforcement/", include("utilicase.enforcement.urls")),
    path("accidents/", include("utilicase.accidents.urls")),
    path("reports/", include("utilicase.whistleblowing.urls")),
    path("discipline/", include("utilicase.org.urls")),
    path("documents/", include("utilicase.documents.urls")),
    path("evidence/", include("utilicase.evidence.urls")),
    path("billing/", include("utilicase.billing.urls")),
    path("compliance/", include("utilicase.compliance.urls")),
    path("notifications/", include("utilicase.notifications.urls")),
    path("dashboards/", include("utilicase.dashboards.urls")),
    path("portal/", include("utilicase.portal.urls")),
    path("", include("utilicase.web.urls")),
]
