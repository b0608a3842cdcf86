from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gouvernail.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from gouvernail.api import authentication, journal  # noqa: F401  (receiver, schema extension)
