"""Merging a duplicate person or production moves its follows to the survivor."""

import pytest

from audience import services
from audience.models import Follow
from showcase import merging
from tests.factories import PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db


def test_a_person_merge_moves_follows_without_doubling_them(fan, other_fan, curator):
    survivor = PersonFactory(name="Marta Ilves")
    duplicate = PersonFactory(name="Marta Ilves-Kask")
    services.follow_add(user=fan, target=survivor)
    doubled = services.follow_add(user=fan, target=duplicate)
    moving = services.follow_add(user=other_fan, target=duplicate)

    preview = merging.person_merge_preview(person=duplicate, into=survivor)
    assert (preview["follows"], preview["follows_collapsed"]) == (1, 1)
    record = merging.person_merge(person=duplicate, into=survivor, actor=curator)

    assert record.moved["follows"] == {"count": 1, "ids": [moving.pk]}
    assert record.moved["follows_collapsed"] == {"count": 1, "ids": [doubled.pk]}
    assert sorted(
        Follow.objects.filter(person=survivor).values_list("user", flat=True)
    ) == sorted([fan.pk, other_fan.pk])
    assert not Follow.objects.filter(person=duplicate).exists()


def test_a_production_merge_moves_follows(fan, other_fan, curator):
    survivor = ProductionFactory(title="The Salt Orchard")
    duplicate = ProductionFactory(title="Salt Orchard")
    services.follow_add(user=fan, target=duplicate)
    services.follow_add(user=other_fan, target=survivor)
    services.follow_add(user=other_fan, target=duplicate)

    record = merging.production_merge(
        production=duplicate, into=survivor, actor=curator
    )

    assert record.moved["follows"]["count"] == 1
    assert record.moved["follows_collapsed"]["count"] == 1
    assert Follow.objects.filter(production=survivor).count() == 2
    assert not Follow.objects.filter(production=duplicate).exists()
