"""The helpers the generic outsider test uses really point at Desa A objects that the
outsider cannot reach and Desa A's officer can."""

import pytest
from django.urls import reverse

from . import outsider

ROUTES = {
    "queues:office": ("get", outsider.office_kwargs),
    "queues:statistics": ("get", outsider.office_kwargs),
    "queues:issue": ("post", outsider.office_kwargs),
    "queues:check_in": ("post", outsider.office_kwargs),
    "queues:desk": ("get", outsider.desk_kwargs),
    "queues:call_next": ("post", outsider.desk_kwargs),
    "queues:act": ("post", outsider.ticket_action_kwargs),
    "queues:transfer": ("post", outsider.ticket_kwargs),
}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_outsider_404_and_desa_a_through(client, world, name):
    method, kwargs_of = ROUTES[name]
    url = reverse(name, kwargs=kwargs_of(world))
    client.force_login(world.officer_b)
    assert getattr(client, method)(url).status_code == 404
    client.force_login(world.officer_a)
    assert getattr(client, method)(url).status_code in (200, 302)


def test_the_home_list_names_desa_a_only_for_its_staff(client, world):
    client.force_login(world.officer_b)
    assert "Kantor Desa Tawangrejo" not in client.get(reverse("queues:home")).content.decode()
    client.force_login(world.officer_a)
    assert "Kantor Desa Tawangrejo" in client.get(reverse("queues:home")).content.decode()
