"""The Docker image: build time (as the tests build it), size, and the time of one gate in it.

Targets: the whole ship test well under 8 minutes on a fresh CI machine (cold build under
4 minutes on the vfs storage driver), a rebuild after a code change under 1 minute, an image
under 300 MB. Needs a prepared engine: eval "$(scripts/docker-test-env.sh up)".

    python benchmarks/docker_image.py [--no-cache]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ship.tools import REPO, SAMPLE, docker_env, explain, run
from tests.ship.wheelhouse import download_wheels, serve

IMAGE = "launchgate:bench"


def timed(cmd: list[str], env: dict[str, str], timeout: float = 900) -> float:
    started = time.monotonic()
    proc = run(cmd, env=env, timeout=timeout)
    if proc.returncode not in (0, 1):
        raise SystemExit(explain(proc))
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cache", action="store_true", help="build every layer again")
    options = parser.parse_args()
    env = docker_env()
    with serve(download_wheels()) as wheels:
        build = ["docker", "build", "--force-rm", "--network", "host", "-t", IMAGE,
                 "--build-arg", "PIP_NO_INDEX=1", "--build-arg", f"PIP_FIND_LINKS={wheels}"]  # fmt: skip
        if options.no_cache:
            build.append("--no-cache")
        build_s = timed([*build, str(REPO)], env)
    size = json.loads(run(["docker", "image", "inspect", IMAGE], env=env).stdout)[0]["Size"]
    gate = ["docker", "run", "--rm", "--network", "none", "-v", f"{SAMPLE}:/work:ro", IMAGE,
            "check", "--no-color"]  # fmt: skip
    gate_s = [timed(gate, env) for _ in range(3)]
    print(f"build ({'no cache' if options.no_cache else 'cached layers'}): {build_s:.1f} s")
    print(f"image size: {size / 1e6:.0f} MB (target < 300 MB)")
    print(f"docker run + gate on the sample repository: {min(gate_s):.1f} s (best of 3)")
    run(["docker", "rmi", IMAGE], env=env)


if __name__ == "__main__":
    main()
