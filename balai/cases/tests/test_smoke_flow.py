import time_machine

from balai.cases.constants import Action, Status
from balai.cases.services import perform
from balai.cases.tests.factories import filed_request, output_upload


@time_machine.travel("2026-03-16 09:00 +0700", tick=False)
def test_a_kk_request_travels_desa_kecamatan_disdukcapil_and_back(world):
    request = filed_request(world)
    assert request.status == Status.SUBMITTED
    assert request.current_office == world.offices.desa_a
    perform(request, Action.ACCEPT, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.officer_a)
    request.refresh_from_db()
    assert request.current_office == world.offices.kecamatan
    perform(request, Action.FORWARD, actor=world.kecamatan_operator)
    request.refresh_from_db()
    assert request.current_office == world.offices.disdukcapil
    perform(request, Action.COMPLETE, actor=world.disdukcapil_officer, uploads=output_upload())
    request.refresh_from_db()
    assert request.status == Status.COMPLETED
    assert request.current_office == world.offices.desa_a
    perform(request, Action.HAND_OVER, actor=world.officer_a, handover_method="pickup")
    request.refresh_from_db()
    assert request.status == Status.HANDED_OVER
    assert [e.action for e in request.events.all()] == [
        "",
        "submit",
        "accept",
        "forward",
        "forward",
        "complete",
        "hand_over",
    ]
