"""The test OpenID Connect provider as a separate process, for pytest fixtures."""

from __future__ import annotations

import json
import os
import select
import subprocess  # nosec B404 - starts the test provider, a fixed command
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "provider-wachtwoord-123"  # nosec B105
START_TIMEOUT = 60


@dataclass(frozen=True)
class ProviderUser:
    username: str
    email: str
    first_name: str
    last_name: str


# Fictitious people with an account at the provider. The tests give the app a person with
# Fenna's address; Joris's address is unknown to the app.
FENNA = ProviderUser("fenna", "fenna@example.org", "Fenna", "de Vries")
JORIS = ProviderUser("joris", "joris@example.org", "Joris", "Bakker")
USERS = [FENNA, JORIS]


@dataclass(frozen=True)
class Client:
    """A client registered at the provider and how the app knows it (SSO_PROVIDERS)."""

    provider_id: str
    name: str
    client_id: str
    secret: str
    enforces_mfa: bool
    # The provider asks its user to consent unless it skips that for this client.
    skip_authorization: bool


CLIENTS = [
    Client("test-idp", "Test-IdP", "bos-test-idp", "geheim-test-idp", False, False),
    Client("test-idp-mfa", "IdP met MFA", "bos-test-idp-mfa", "geheim-test-idp-mfa", True, True),
]


@dataclass(frozen=True)
class Provider:
    issuer: str

    def sso_providers(self) -> list[dict]:
        """The provider as the product configures it: the SSO_PROVIDERS setting's items."""
        return [
            {
                "id": client.provider_id,
                "name": client.name,
                "client_id": client.client_id,
                "secret": client.secret,
                "server_url": self.issuer,
                "enforces_mfa": client.enforces_mfa,
            }
            for client in CLIENTS
        ]


def _wait_for_port(process: subprocess.Popen, log: Path) -> int:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("listening "):
        process.kill()
        process.wait(timeout=10)
        raise RuntimeError(f"The test OIDC provider did not start: {line}{log.read_text()}")
    return int(line.split()[1])


def _wait_until_it_answers(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("The test OIDC provider stopped while starting")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"The test OIDC provider did not answer at {url}")


@contextmanager
def running_provider(app_url: str, workdir: Path) -> Iterator[Provider]:
    """Starts the provider with the app at `app_url` as its registered clients' redirect
    target, and stops it afterwards."""
    config = {
        "database": str(workdir / "provider.sqlite3"),
        "users": [
            {
                "username": user.username,
                "email": user.email,
                "password": PASSWORD,
                "first_name": user.first_name,
                "last_name": user.last_name,
            }
            for user in USERS
        ],
        "clients": [
            {
                "name": client.name,
                "client_id": client.client_id,
                "secret": client.secret,
                "redirect_uris": [f"{app_url}/accounts/oidc/{client.provider_id}/login/callback/"],
                "skip_authorization": client.skip_authorization,
            }
            for client in CLIENTS
        ],
    }
    config_path = workdir / "provider.json"
    config_path.write_text(json.dumps(config))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = workdir / "provider.log"
    log_file = log.open("w")
    process = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "tests.oidc_provider.server", str(config_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        # A file, not a pipe: a full pipe would block the provider; kept for a failure.
        stderr=log_file,
        text=True,
    )
    try:
        port = _wait_for_port(process, log)
        issuer = f"http://127.0.0.1:{port}/o"
        _wait_until_it_answers(f"{issuer}/.well-known/openid-configuration", process)
        yield Provider(issuer=issuer)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
        log_file.close()
