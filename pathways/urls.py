from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="start"),
    path("fragor/", views.questions, name="questions"),
    path("fragor/kontrollera/", views.check_answers, name="flow-check"),
    path("fragor/borja-om/", views.start_over, name="flow-start-over"),
    path("fragor/<slug:slug>/", views.step, name="flow-step"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
