from django.urls import path

from . import public_views

app_name = "queues_public"

urlpatterns = [
    path("", public_views.find, name="find"),
    path("kantor/<int:office_id>/kios/", public_views.kiosk, name="kiosk"),
    path(
        "kantor/<int:office_id>/kios/lapor-hadir/",
        public_views.kiosk_check_in,
        name="kiosk_check_in",
    ),
    path("kantor/<int:office_id>/layar/", public_views.board, name="board"),
    path("kantor/<int:office_id>/layar/data/", public_views.board_json, name="board_data"),
    path("kantor/<int:office_id>/pesan/", public_views.book, name="book"),
    path("pesan/<str:code>/", public_views.booking, name="booking"),
    path("tiket/<str:code>/", public_views.ticket, name="ticket"),
    path("tiket/<str:code>/cetak/", public_views.print_ticket, name="print"),
]
