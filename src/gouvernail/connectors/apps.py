from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "gouvernail.connectors"
    label = "connectors"
    verbose_name = "Collecte"
