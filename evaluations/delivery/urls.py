from django.urls import path

from evaluations.delivery import views

urlpatterns = [
    path("", views.subscriptions, name="subscriptions"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm_subscription"),
]
