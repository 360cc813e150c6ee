"""Starts the test OpenID Connect provider: `python -m tests.oidc_provider.server CONFIG`.

CONFIG is a JSON file with the SQLite file, the users and the registered clients. A fresh
RSA key signs the ID tokens. The server listens on a free loopback port and prints
`listening <port>` once it answers; it serves until it is terminated."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        # Requests are not logged: the test output shows only what went wrong.
        pass


def _rsa_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _populate(config: dict) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for item in config["users"]:
        User.objects.create_user(
            username=item["username"],
            email=item["email"],
            password=item["password"],
            first_name=item.get("first_name", ""),
            last_name=item.get("last_name", ""),
        )
    for item in config["clients"]:
        Application.objects.create(
            name=item["name"],
            client_id=item["client_id"],
            client_secret=item["secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(item["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=item.get("skip_authorization", False),
        )


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = config["database"]
    os.environ["OIDC_PROVIDER_RSA_KEY"] = _rsa_key()

    import django

    django.setup()
    _populate(config)

    from tests.oidc_provider.wsgi import application

    server = make_server(
        "127.0.0.1", 0, application, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    print(f"listening {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
