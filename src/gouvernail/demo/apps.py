from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gouvernail.demo"
    label = "demo"
    verbose_name = "Démonstration"
