"""Load: 20 signed-in users browsing dashboards and lists against the served application.

`python -m bench load` (or `make bench`) prepares a data directory of its own (a temporary one,
with its own SQLite database, as `make run` does: secret key, migrate, the demo, collectstatic),
starts `gouvernail run` on a free loopback port — gunicorn with its sync workers and the jobs
worker beside it —, then:

1. one user alone browses for SINGLE_SECONDS (its p95 is the reference);
2. 20 users at once (threads, one httpx client and one session each) browse for LOAD_SECONDS.

Each user signs in through the real login form (GET the form, POST it with its CSRF token: the
demo organisation does not require MFA), then walks dashboards and lists in turn, pausing between
two pages as a person does (THINK_SECONDS on average, drawn between half and one and a half of it;
0 makes it a stress test). Demo accounts are shared between users; each has its own session.

Printed: requests/s, p50/p95/max and errors for each phase, and the goal
`ratio load.p95_20_users_vs_1 <value> goal <= 3`. Nothing leaves the loopback interface.

Knobs: GOUVERNAIL_BENCH_LOAD_USERS (20), GOUVERNAIL_BENCH_LOAD_SECONDS (30 under load; `--full`
or GOUVERNAIL_BENCH_LOAD_FULL=1: 60), GOUVERNAIL_BENCH_LOAD_THINK (1.0 s), GOUVERNAIL_WORKERS
(gunicorn workers; default here 2 × cores + 1, gunicorn's own rule). GOUVERNAIL_BENCH_LOAD_DATABASE_URL
serves from that (empty) database instead of a temporary SQLite — PostgreSQL for instance.
GOUVERNAIL_BENCH_LOAD_DATA_DIR serves from a data directory already prepared (kept afterwards):
migrate and collectstatic then have nothing or little to do, and the demo is not reloaded.
"""

import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench._setup import django_ready, quick, ratio, size

USERS = size("GOUVERNAIL_BENCH_LOAD_USERS", 20)
FULL = os.environ.get("GOUVERNAIL_BENCH_LOAD_FULL", "") not in ("", "0")
LOAD_SECONDS = size("GOUVERNAIL_BENCH_LOAD_SECONDS", 60 if FULL else 30)
SINGLE_SECONDS = max(3, LOAD_SECONDS // 3)
THINK_SECONDS = float(os.environ.get("GOUVERNAIL_BENCH_LOAD_THINK", "1.0"))
WORKERS = int(os.environ.get("GOUVERNAIL_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
# The roles that read dashboards and lists (a Prestataire sees neither).
ROLES = ("direction", "referent", "elu", "auditeur", "admin")
PAGES = (
    "/",
    "/tableaux-de-bord/copil/",
    "/tableaux-de-bord/charge-service-si/",
    "/tableaux-de-bord/migration-windows-11/",
    "/tableaux-de-bord/patrimoine/",
    "/tableaux-de-bord/prestataires-contrats/",
    "/tableaux-de-bord/antivirus/",
    "/tableaux-de-bord/projets-numeriques/",
    "/plan-action/",
    "/feuille-de-route/",
    "/decisions/",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_environment(data_dir: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GOUVERNAIL_")}
    environment.update(
        {
            "GOUVERNAIL_DATA_DIR": str(data_dir),
            # The served application as in production: no debug page, no debug toolbar.
            "GOUVERNAIL_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "gouvernail.settings",
            "GOUVERNAIL_WORKERS": str(WORKERS),
        }
    )
    if os.environ.get("GOUVERNAIL_BENCH_LOAD_DATABASE_URL"):
        environment["GOUVERNAIL_DATABASE_URL"] = os.environ["GOUVERNAIL_BENCH_LOAD_DATABASE_URL"]
    return environment


def gouvernail(environment: dict, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "gouvernail.cli", *args], env=environment, capture_output=True)
    if done.returncode:
        raise RuntimeError(f"gouvernail {args[0]} en échec (code {done.returncode}) :\n{done.stderr.decode()[-2000:]}")


def prepare(data_dir: Path, environment: dict) -> float:
    """What `make run` does before serving; returns its seconds."""
    started = time.perf_counter()
    import secrets

    if not (data_dir / "secret_key").exists():
        (data_dir / "secret_key").write_text(secrets.token_urlsafe(50))
    if not (data_dir / "connector_key").exists():
        # Without it the server refuses to start (system check), as in production.
        from cryptography.fernet import Fernet

        (data_dir / "connector_key").write_bytes(Fernet.generate_key())
        (data_dir / "connector_key").chmod(0o600)
    gouvernail(environment, "migrate", "--noinput", "--verbosity", "0")
    gouvernail(environment, "demo", "--if-empty")
    gouvernail(environment, "collectstatic", "--noinput", "--verbosity", "0")
    return time.perf_counter() - started


def wait_until_served(base: str, process: subprocess.Popen, timeout: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gouvernail run s'est arrêté (code {process.returncode})")
        try:
            # The first request imports and warms Django in a worker: on a busy machine, tens of seconds.
            if httpx.get(f"{base}/compte/login/", timeout=120).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gouvernail run ne répond pas après {timeout:.0f} s")


def signed_in(base: str, email: str, password: str):
    """An httpx client signed in through the login form, as a browser does."""
    import httpx

    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    form = client.get("/compte/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = client.post(
        "/compte/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        headers={"Referer": f"{base}/compte/login/"},
    )
    if response.status_code != 302 or "login" in response.headers.get("location", ""):
        raise RuntimeError(f"connexion refusée pour {email} (HTTP {response.status_code})")
    return client


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def add(self, seconds: float, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)


def browse(client, results: Results, until: float, rng: random.Random) -> None:
    index = rng.randrange(len(PAGES))
    while time.monotonic() < until:
        page = PAGES[index % len(PAGES)]
        index += 1
        started = time.perf_counter()
        try:
            status = client.get(page).status_code
            results.add(time.perf_counter() - started, "" if status == 200 else f"{page} : HTTP {status}")
        except Exception as error:  # a timeout or a reset connection is an error of the run, counted
            results.add(time.perf_counter() - started, f"{page} : {type(error).__name__}")
        if THINK_SECONDS:
            time.sleep(rng.uniform(0.5, 1.5) * THINK_SECONDS)


def phase(clients: list, seconds: float) -> dict:
    results = Results()
    until = time.monotonic() + seconds
    started = time.perf_counter()
    threads = [
        threading.Thread(target=browse, args=(client, results, until, random.Random(n)))
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(results.latencies)
    count = len(latencies)
    return {
        "requests": count + len(results.errors),
        "per_second": (count + len(results.errors)) / elapsed,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[min(count - 1, int(0.95 * count))] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "errors": results.errors,
    }


def show(name: str, found: dict) -> None:
    print(
        f"{name:<22} {found['requests']:7d} {found['per_second']:8.1f} {found['p50'] * 1000:8.0f} ms"
        f" {found['p95'] * 1000:8.0f} ms {found['max'] * 1000:8.0f} ms {len(found['errors']):7d}",
        flush=True,
    )
    for error in sorted(set(found["errors"]))[:5]:
        print(f"  erreur : {error}")


def main() -> None:
    # Set up as every bench is (the others may run after this one in the same process, with
    # these settings); only the demo accounts are read here: the served application has its own
    # database.
    django_ready()
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)  # not one line per request of the bench
    from gouvernail.demo.accounts import DEMO_ACCOUNTS

    kept = os.environ.get("GOUVERNAIL_BENCH_LOAD_DATA_DIR", "")
    data_dir = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="gouvernail-bench-load-"))
    environment = served_environment(data_dir)
    process = None
    try:
        seconds = prepare(data_dir, environment)
        print(f"Préparation (migrate, démonstration, collectstatic) : {seconds:.0f} s", flush=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [sys.executable, "-m", "gouvernail.cli", "run", "--host", "127.0.0.1", "--port", str(port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # stopped as a group: gunicorn, its workers and the jobs worker
        )
        wait_until_served(base, process)
        accounts = [a for a in DEMO_ACCOUNTS if a.email.split("@")[0] in ROLES]
        clients = [signed_in(base, a.email, a.password) for a in (accounts * USERS)[:USERS]]
        for page in PAGES:  # first renders fill the caches (charts, live values) for everyone
            clients[0].get(page)
        print(
            f"gouvernail run : {WORKERS} processus gunicorn (synchrones) sur {os.cpu_count()} cœurs ; "
            f"pause moyenne entre deux pages : {THINK_SECONDS:g} s ; {len(PAGES)} pages parcourues en boucle"
        )
        print(f"\n{'phase':<22} {'requêtes':>7} {'req/s':>8} {'p50':>11} {'p95':>11} {'max':>11} {'erreurs':>7}")
        alone = phase(clients[:1], SINGLE_SECONDS)
        show(f"1 utilisateur, {SINGLE_SECONDS} s", alone)
        loaded = phase(clients, LOAD_SECONDS)
        show(f"{USERS} utilisateurs, {LOAD_SECONDS} s", loaded)
        for client in clients:
            client.close()
        suffix = "" if USERS == 20 and not quick() else f" (mesuré à {USERS} utilisateurs)"
        if suffix:
            print(f"Objectif énoncé à 20 utilisateurs{suffix}.")
        ratio("load", "p95_20_users_vs_1", loaded["p95"] / alone["p95"], 3)
        if loaded["errors"]:
            raise RuntimeError(f"{len(loaded['errors'])} requêtes en erreur sous charge")
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if not kept:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
