from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ProductionsConfig(AppConfig):
    name = "productions"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from taggit.models import Tag, TaggedItem

        from bts_catalog.caching import bump_content_version
        from bts_catalog.files import delete_files_with_rows

        from .models import (
            AlternativeTitle,
            Credit,
            Department,
            Episode,
            GameVersion,
            Performance,
            Person,
            PersonAlias,
            Platform,
            Production,
            Role,
            Run,
            Season,
            Venue,
        )

        delete_files_with_rows(Production, ["poster"])
        delete_files_with_rows(Person, ["photo"])

        # Cached public pages are stale as soon as anything they show changes.
        # (Bulk .update() calls bump the version themselves: see the services.)
        for model in (
            Production,
            Person,
            Credit,
            Department,
            Role,
            Season,
            Episode,
            Venue,
            Run,
            Performance,
            Platform,
            GameVersion,
            PersonAlias,
            AlternativeTitle,
            TaggedItem,
            Tag,  # a renamed tag shows on every page that lists it
        ):
            for signal in (post_save, post_delete):
                signal.connect(bump_content_version, sender=model, weak=False)
        m2m_changed.connect(
            bump_content_version, sender=GameVersion.platforms.through, weak=False
        )

        # Search finds people by their aliases and productions by their other
        # titles: each change copies them into the row's searchable column.
        for signal in (post_save, post_delete):
            signal.connect(_refresh_other_names, sender=PersonAlias, weak=False)
            signal.connect(_refresh_other_titles, sender=AlternativeTitle, weak=False)


def _refresh_other_names(sender, instance, **kwargs) -> None:
    from .models import Person

    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:  # (gone when the alias goes with its person)
        person.refresh_other_names()


def _refresh_other_titles(sender, instance, **kwargs) -> None:
    from .models import Production

    production = Production.objects.filter(pk=instance.production_id).first()
    if production is not None:
        production.refresh_other_titles()
