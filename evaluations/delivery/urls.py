from django.urls import path

from evaluations.delivery import views

urlpatterns = [
    path("", views.subscriptions, name="subscriptions"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
