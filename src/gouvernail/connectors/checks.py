"""System checks of the connectors' settings: a destination rule that cannot be read is said
at start-up (`manage.py check`, `gouvernail run`), not discovered on the first « tester »."""

from django.core import checks

from gouvernail.connectors import network


@checks.register(checks.Tags.security)
def check_allowed_networks(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from django.conf import settings

    value = getattr(settings, network.SETTING, ())
    if not isinstance(value, (str, list, tuple)):
        return [
            checks.Error(
                f"{network.SETTING} doit être une liste de réseaux CIDR séparés par des virgules.",
                hint="Exemple : 127.0.0.0/8,::1/128",
                id="connectors.E001",
            )
        ]
    networks, invalid = network.parse_networks(network.setting_items())
    wide = [
        checks.Warning(
            f"{network.SETTING} : « {net} » ouvre toutes les adresses, celles de ce serveur comprises.",
            hint="N'autorisez que le réseau des sources, par exemple 127.0.0.0/8 pour une démonstration.",
            id="connectors.W001",
        )
        for net in networks
        if net.prefixlen == 0
    ]
    return wide + [
        checks.Error(
            f"{network.SETTING} : « {item} » n'est pas un réseau CIDR.",
            hint="Écrivez une adresse suivie de la longueur du préfixe, par exemple 127.0.0.0/8 ou ::1/128.",
            id="connectors.E002",
        )
        for item in invalid
    ]


@checks.register(checks.Tags.security)
def check_connector_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Without its key, the first « Enregistrer » of a connector would fail: said at start-up.
    Debug mode and the tests derive a key from SECRET_KEY (`connectors.crypto`)."""
    from gouvernail.connectors import crypto

    problem = crypto.key_problem()
    if not problem:
        return []
    return [checks.Error(problem, hint=crypto.MISSING_HINT, id="connectors.E003")]
