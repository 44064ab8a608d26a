from django.urls import path, register_converter

from evaluations.pdf import views as pdf_views
from evaluations.web import api, converters, lists, views

register_converter(converters.ProvinceCode, "province")
register_converter(converters.AgencyCode, "agency")

app_name = "evaluations"

urlpatterns = [
    path("", views.national_page, name="national"),
    path("provinsi/<province:code>/", views.province_page, name="province"),
    path("instansi/", lists.agency_list, name="agency_list"),
    path("instansi/<agency:code>/", views.agency_page, name="agency"),
    path("scorecard.json", api.national_json, name="national_json"),
    path("provinsi/<province:code>/scorecard.json", api.province_json, name="province_json"),
    path("laporan/<str:month>.pdf", pdf_views.national_pdf, name="national_pdf"),
    path("laporan/<str:month>.zip", pdf_views.national_zip, name="national_zip"),
    path("provinsi/<province:code>/laporan/<str:month>.pdf", pdf_views.province_pdf, name="province_pdf"),
]
