from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gouvernail.jobs"
    label = "jobs"
    verbose_name = "Traitements"

    def ready(self) -> None:
        from datetime import timedelta

        from gouvernail.jobs import exports, registry, tasks

        registry.register_handler(exports.EXPORT, exports.export_handler)
        registry.register_periodic(
            "jobs.prune", "Oubli des traitements anciens", tasks.prune_finished, every=timedelta(days=1)
        )
