from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sodsong.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from sodsong.core.attachments import register_owner_access
        from sodsong.people.models import Person

        def can_read(user, uuid: str) -> bool:
            from sodsong.people.selectors import person_queryset

            return person_queryset(user=user).filter(uuid=uuid).exists()

        register_owner_access(Person, can_read)
