from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("scorecard.json", views.national_json, name="national_json"),
    path("provinsi/<str:code>/scorecard.json", views.province_json, name="province_json"),
]
