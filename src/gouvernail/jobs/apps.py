from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gouvernail.jobs"
    label = "jobs"
    verbose_name = "Traitements"
