#!/usr/bin/python3
# The policy explorer's answer time over slider moves: first trajectory and full band.
"""Usage: bench/explorer_latency.py [--binary build/app/aidivide] [--moves 50] [--base baseline]
                                  [--workers N] [--firms N] [--replicates R] [--json OUT]

Starts `aidivide serve --port 0` on 127.0.0.1, then plays --moves slider moves one after the
other, as a user dragging the open_source_access lever would (each a new intensity), and records
for each move the time from the request to its first record (the page starts drawing the new
trajectory), to its first whole replicate (the first updated trajectory to the horizon) and to its
last (the full uncertainty band). Prints the distribution (min, median, p90, max) and
the load average, which says how busy the machine was; it asserts nothing. The baseline the page
compares against is run once before the moves (the page keeps it while levers move).
"""
import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def post_stream(port, body):
    """Sends a run; returns (seconds to the first record, to the first whole replicate, to
    done)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    connection.request("POST", "/api/run", json.dumps(body),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(response.read().decode())
    first = whole = None
    for raw in response:
        kind = json.loads(raw)["type"]
        if kind in ("record", "replicate") and first is None:
            first = time.perf_counter() - start
        if kind == "replicate" and whole is None:
            whole = time.perf_counter() - start
        if kind in ("done", "cancelled", "error"):
            break
    done = time.perf_counter() - start
    connection.close()
    return first, whole, done


def describe(values):
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return {"min": ordered[0], "median": statistics.median(ordered), "p90": p90,
            "max": ordered[-1], "mean": statistics.fmean(ordered)}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / "build" / "app" / "aidivide"))
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--base", default="baseline")
    parser.add_argument("--workers", type=int, default=200000)
    parser.add_argument("--firms", type=int, default=40000)
    parser.add_argument("--replicates", type=int, default=3)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    server = subprocess.Popen([args.binary, "serve", "--port", "0"], stdout=subprocess.PIPE,
                              text=True, stdin=subprocess.DEVNULL)
    try:
        port = int(server.stdout.readline().rsplit(":", 1)[1].strip().rstrip("/"))
        common = {"base": args.base, "workers": args.workers, "firms": args.firms,
                  "replicates": args.replicates, "session": "bench"}
        _, _, baseline_seconds = post_stream(port, dict(common, policies=[]))
        firsts, wholes, fulls = [], [], []
        for move in range(args.moves):
            intensity = round(0.2 * (move + 1), 2)  # a drag across the slider's range
            policy = {"lever": "open_source_access",
                      "targets": {"income": ["low", "lower_middle", "upper_middle"]},
                      "start": "2026-01", "ramp_months": 24, "intensity": intensity}
            first, whole, full = post_stream(port, dict(common, policies=[policy]))
            firsts.append(first)
            wholes.append(whole)
            fulls.append(full)
            print(f"move {move + 1:2d}: intensity {intensity:5.2f}  first record {first:6.3f} s  "
                  f"first trajectory {whole:6.3f} s  full band {full:6.3f} s", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    result = {"base": args.base, "workers": args.workers, "firms": args.firms,
              "replicates": args.replicates, "moves": args.moves, "cpus": os.cpu_count(),
              "load_average": os.getloadavg(), "baseline_seconds": baseline_seconds,
              "first_record_seconds": describe(firsts),
              "first_trajectory_seconds": describe(wholes),
              "full_band_seconds": describe(fulls)}
    for key in ("first_record_seconds", "first_trajectory_seconds", "full_band_seconds"):
        d = result[key]
        print(f"{key}: min {d['min']:.3f}  median {d['median']:.3f}  p90 {d['p90']:.3f}  "
              f"max {d['max']:.3f}")
    print(f"load average {result['load_average']}, baseline run {baseline_seconds:.3f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
