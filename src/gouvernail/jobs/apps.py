from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gouvernail.jobs"
    label = "jobs"
    verbose_name = "Traitements"

    def ready(self) -> None:
        from gouvernail.jobs import exports, registry

        registry.register_handler(exports.EXPORT, exports.export_handler)
