import pytest

from balai.cases.tests.factories import filed_request
from balai.complaints.tests.factories import filed_complaint
from balai.core.models import AppendOnly


def test_request_history_can_neither_be_changed_nor_deleted(world):
    event = filed_request(world).events.first()
    event.note = "diubah"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()


def test_complaint_history_can_neither_be_changed_nor_deleted(world):
    event = filed_complaint(world).complaint.events.first()
    event.note = "diubah"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
