import factory

from balai.regions.codes import kind_of, level_of, parent_code
from balai.regions.models import Region


def official_region(code: str, name: str) -> Region:
    """An official region with its kind and level read from the code."""
    region, _ = Region.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "level": level_of(code),
            "kind": kind_of(code),
            "parent_id": parent_code(code),
        },
    )
    return region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"35.16.01.{2100 + n}")
    name = factory.Faker("city", locale="id_ID")
    level = factory.LazyAttribute(lambda o: level_of(o.code))
    kind = factory.LazyAttribute(lambda o: kind_of(o.code))
    parent_id = factory.LazyAttribute(lambda o: parent_code(o.code))
