"""The staff workspace (/personal/) and the patient's link to a discharge map (/d/<token>/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("personal/", views.workspace, name="staff_workspace"),
    path("personal/ny/", views.new_map, name="staff_new"),
    path("personal/kartor/<uuid:map_id>/", views.preview, name="staff_preview"),
    path("personal/kartor/<uuid:map_id>/pdf/", views.print_pdf, name="staff_pdf"),
    path("personal/kartor/<uuid:map_id>/radera/", views.delete_map, name="staff_delete"),
    path("d/<str:token>/", views.discharge_link, name="discharge_link"),
    path("d/<str:token>/pdf/", views.discharge_pdf, name="discharge_pdf"),
    path("d/<str:token>/kalender.ics", views.discharge_ics, name="discharge_ics"),
]
