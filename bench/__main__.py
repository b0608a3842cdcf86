"""Runs the project's benchmarks: `python -m bench` (all) or `python -m bench dashboards sync`.

Each module of this package that does not start with an underscore is a benchmark with a
`main()`; each prints its own table of ratios against a floor measured in the same run.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    unknown = set(argv) - set(available)
    if unknown:
        print(f"Benchmarks inconnus : {', '.join(sorted(unknown))} (disponibles : {', '.join(available)})")
        return 2
    for name in argv or available:
        print(f"=== bench/{name}.py ===", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
