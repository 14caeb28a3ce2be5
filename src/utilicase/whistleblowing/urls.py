app_name = "whistleblowing"
urlpatterns: list = []
