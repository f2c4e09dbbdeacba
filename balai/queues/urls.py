from django.urls import path

from . import views

app_name = "queues"

urlpatterns = [
    path("", views.home, name="home"),
    path("kantor/<int:office_id>/", views.office, name="office"),
    path("kantor/<int:office_id>/ambil/", views.issue, name="issue"),
    path("kantor/<int:office_id>/lapor-hadir/", views.check_in, name="check_in"),
    path("kantor/<int:office_id>/statistik/", views.statistics, name="statistics"),
    path("loket/<int:desk_id>/", views.desk, name="desk"),
    path("loket/<int:desk_id>/panggil/", views.call_next, name="call_next"),
    path("loket/<int:desk_id>/tiket/<int:ticket_id>/alihkan/", views.transfer, name="transfer"),
    path("loket/<int:desk_id>/tiket/<int:ticket_id>/<slug:action>/", views.act, name="act"),
]
