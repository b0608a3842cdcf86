"""What the benchmarks share: the real settings on a fresh, migrated database, the size knob,
a fresh organisation per bench, peak memory, and the one line each goal prints.

The database is the one `GOUVERNAIL_DATABASE_URL` names (SQLite under the data directory by
default, which `make bench` points at a temporary directory).

Sizes: every bench reads its sizes through `size()`. `python -m bench --quick` (or
GOUVERNAIL_BENCH_QUICK=1) divides the defaults by 10 for a check that the benches run; the
goals are stated at the default sizes, and the ratio lines say which size they measured.
"""

import os
import statistics
import time
import tracemalloc

# Every ratio line printed during the run, repeated together at the end by `bench/__main__.py`.
RATIOS: list[str] = []


def django_ready() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gouvernail.settings")
    # Measured as served in production: debug off (no query log formatting every statement),
    # with throwaway keys and the static manifest the pages need.
    os.environ.setdefault("GOUVERNAIL_DEBUG", "0")
    if not os.environ.get("GOUVERNAIL_SECRET_KEY"):
        import secrets

        os.environ["GOUVERNAIL_SECRET_KEY"] = secrets.token_urlsafe(50)
    if not os.environ.get("GOUVERNAIL_CONNECTOR_KEY"):
        from cryptography.fernet import Fernet

        os.environ["GOUVERNAIL_CONNECTOR_KEY"] = Fernet.generate_key().decode()
    # The benchmarks' fake sources listen on loopback, which connectors refuse by default.
    os.environ.setdefault("GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.conf import settings

    if not settings.DEBUG and not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", verbosity=0, interactive=False)


def quick() -> bool:
    return os.environ.get("GOUVERNAIL_BENCH_QUICK", "") not in ("", "0")


def size(env: str, default: int) -> int:
    """The size named by `env` if set, else `default` (a tenth of it with --quick)."""
    if os.environ.get(env):
        return int(os.environ[env])
    return max(1, default // 10) if quick() else default


def label(count: int) -> str:
    """200000 → « 200k », 20000 → « 20k », 1500 → « 1500 »: the size in a measure's name."""
    return f"{count // 1000}k" if count >= 1000 and count % 1000 == 0 else str(count)


def ratio(bench: str, measure: str, value: float, goal: float) -> None:
    """The one line a goal prints, whatever the value (a missed goal is printed as measured)."""
    line = f"ratio {bench}.{measure} {value:.3g} goal <= {goal:g}"
    RATIOS.append(line)
    print(line, flush=True)


def median_seconds(function, runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def peak_memory(function) -> tuple[int, object]:
    """(peak bytes allocated by Python while `function` ran, its result), with tracemalloc."""
    tracemalloc.start()
    try:
        result = function()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def fresh_organisation(slug: str, name: str = ""):
    """An organisation of its own for one bench (a previous one of the same slug is purged)."""
    from gouvernail.core.models import Organisation
    from gouvernail.core.services import organisation_purge

    for old in Organisation.objects.filter(slug=slug):
        organisation_purge(organisation=old)
    return Organisation.objects.create(name=name or f"Banc d'essai {slug}", slug=slug)


def bench_user(organisation, role: str = "direction"):
    """A user of the bench organisation (one per organisation: benches never share one)."""
    from gouvernail.core.models import Membership, User

    email = f"{organisation.slug}@bench.example"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, "bench-bench-bench")
    Membership.objects.get_or_create(organisation=organisation, user=user, defaults={"role": role})
    return user


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def run_measured(function) -> dict:
    """Runs `function` once, untraced: its seconds and the peak growth of the process's resident
    memory while it ran (Linux: the high-water mark is reset first, then read back). Called in a
    fresh process (`in_child`), the growth is the work's own memory, Python's and the drivers'."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass
    baseline = _status_kib("VmRSS")
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    peak = _status_kib("VmHWM")
    return {"seconds": seconds, "peak_bytes": max(peak - baseline, 0) * 1024, "result": result}


def in_child(target: str, *args) -> dict:
    """Runs `bench.<module>.<function>(*args)` in a fresh Python process on the same database
    (nothing allocated by the benches before it can hide its memory) and returns what it
    returned (a JSON-able dict)."""
    import json
    import subprocess
    import sys

    code = (
        "import json, sys; from bench import _setup; _setup.django_ready(); import importlib;"
        f" module, name = {target!r}.rsplit('.', 1);"
        " function = getattr(importlib.import_module('bench.' + module), name);"
        " print('RESULT ' + json.dumps(function(*json.loads(sys.argv[1]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(list(args))], capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        raise RuntimeError(f"{target} a échoué dans son processus :\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(lines[-1][len("RESULT ") :])
