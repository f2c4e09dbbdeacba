from balai.queues.demo import build_queue_demo
from balai.queues.models import BookingSlot, Desk, ServiceGroup


def test_the_demo_queue_is_built_once(world):
    first = build_queue_demo()
    assert first["groups"] == 2 and first["desks"] == 3 and first["slots"] > 0
    counts = (ServiceGroup.objects.count(), Desk.objects.count(), BookingSlot.objects.count())
    build_queue_demo()
    assert (
        ServiceGroup.objects.count(),
        Desk.objects.count(),
        BookingSlot.objects.count(),
    ) == counts
    assert Desk.objects.get(name="Loket 2").groups.get().prefix == "A"
