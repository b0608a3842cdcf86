"""Runs the project's benchmarks: `python -m bench` (all) or `python -m bench dashboards sync`.

Each module of this package that does not start with an underscore is a benchmark with a
`main()`; each prints its own table and, for every goal of issue 22, one line
`ratio <bench>.<measure> <value> goal <= <goal>`. A bench that fails does not stop the others:
its error is printed, the run goes on, and the exit status says so. `--quick` (or
GOUVERNAIL_BENCH_QUICK=1) runs every bench at a tenth of its default sizes; `--full` runs the
load bench for its full minute (30 s by default).
"""

import gc
import importlib
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def main(argv: list[str]) -> int:
    if "--quick" in argv:
        argv = [a for a in argv if a != "--quick"]
        os.environ["GOUVERNAIL_BENCH_QUICK"] = "1"
    if "--full" in argv:  # the load bench's full duration (see bench/load.py)
        argv = [a for a in argv if a != "--full"]
        os.environ["GOUVERNAIL_BENCH_LOAD_FULL"] = "1"
    from bench import _setup

    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    unknown = set(argv) - set(available)
    if unknown:
        print(f"Benchmarks inconnus : {', '.join(sorted(unknown))} (disponibles : {', '.join(available)})")
        return 2
    failed = []
    begun = time.perf_counter()
    for name in argv or available:
        print(f"=== bench/{name}.py ===", flush=True)
        # Each bench starts as in a process of its own: what the previous one left is collected
        # now, not by whichever measure of the next one happens to trigger a full collection
        # (a 20 000-row import paid 0.4 s for the dashboards' 200 000 requests).
        gc.collect()
        started = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").main()
        except Exception:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
        print(f"--- bench/{name}.py : {time.perf_counter() - started:.0f} s", flush=True)
    print(f"\n=== Objectifs ({time.perf_counter() - begun:.0f} s en tout) ===")
    for line in _setup.RATIOS:
        print(line)
    if failed:
        print(f"Bancs en échec : {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
