from django.urls import path

from evaluations import pdf_views, views

app_name = "evaluations"

urlpatterns = [
    path("", views.national_page, name="national"),
    path("provinsi/<str:code>/", views.province_page, name="province"),
    path("instansi/<str:code>/", views.agency_page, name="agency"),
    path("scorecard.json", views.national_json, name="national_json"),
    path("provinsi/<str:code>/scorecard.json", views.province_json, name="province_json"),
    path("laporan/<str:month>.pdf", pdf_views.national_pdf, name="national_pdf"),
    path("provinsi/<str:code>/laporan/<str:month>.pdf", pdf_views.province_pdf, name="province_pdf"),
]
