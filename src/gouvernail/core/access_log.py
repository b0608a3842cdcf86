"""Gunicorn's access log, without the secrets some URLs carry.

A private calendar feed is fetched by calendar clients that cannot send a header: its token is
in the path (/agenda/<token>.ics). The access log would otherwise keep every user's token in
clear; the path stays, the token is masked.
"""

import re

from gunicorn.glogging import Logger

SECRET_IN_PATH = re.compile(r"(/agenda/)[^/?\s]+(\.ics)")


def mask_secrets(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1…\2", text) if text else text


class MaskedAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Every text atom: the request line, the path, the referrer and the environ/header copies.
        return {key: mask_secrets(value) if isinstance(value, str) else value for key, value in atoms.items()}
