from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gouvernail.jobs"
    label = "jobs"
    verbose_name = "Traitements"

    def ready(self) -> None:
        from datetime import timedelta

        from gouvernail.core.exports import register_long_export
        from gouvernail.jobs import exports, registry, tasks

        registry.register_handler(exports.EXPORT, exports.export_handler)
        register_long_export(exports.export_job_start)
        registry.register_periodic(
            "jobs.prune", "Oubli des traitements anciens", tasks.prune_finished, every=timedelta(days=1)
        )
