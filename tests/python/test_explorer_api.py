"""The explorer's API (`aidivide serve`): located errors, caps, streamed runs, the export that
`aidivide run` reproduces, and a load test (200 requests from 20 clients on loopback)."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import h5py
import numpy as np
import pytest

from conftest import run_aidivide

# Every request ends long before this; a request that does not is a hang, not a slow machine.
REQUEST_TIMEOUT_SECONDS = 120
IDLE_TIMEOUT_SECONDS = 3
TINY = {"base": "tiny", "workers": 2000, "firms": 400, "replicates": 1}


@pytest.fixture(scope="module")
def server(aidivide_bin):
    """`aidivide serve --port 0` on 127.0.0.1, stopped by its PID at the end."""
    proc = subprocess.Popen([str(aidivide_bin), "serve", "--port", "0", "--queue", "16",
                             "--idle-timeout", str(IDLE_TIMEOUT_SECONDS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    line = proc.stdout.readline()
    assert "http://127.0.0.1:" in line, (line, proc.stderr.read() if proc.poll() else "")
    url = line.split("open ", 1)[1].strip().rstrip("/")
    yield {"url": url, "pid": proc.pid, "proc": proc}
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def post(url: str, path: str, body, timeout: float = REQUEST_TIMEOUT_SECONDS):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def run_lines(url: str, body) -> tuple[int, list[dict]]:
    status, text = post(url, "/api/run", body)
    if status != 200:
        return status, [json.loads(text)]
    return status, [json.loads(line) for line in text.splitlines() if line]


def test_meta_lists_levers_library_countries_and_variables(server):
    with urllib.request.urlopen(server["url"] + "/api/meta", timeout=30) as response:
        meta = json.loads(response.read())
    levers = [lever for lever in meta["levers"] if not lever["shock"]]
    assert len(levers) == 11
    assert all(lever["unit"] and lever["cost"] for lever in levers)
    names = [s["name"] for s in meta["scenarios"]]
    assert "baseline" in names and "open_source" in names and "tiny" in names
    assert "calibration" not in names  # a calibration configuration is not a starting point
    assert len(meta["countries"]) == 170
    assert any(v["name"] == "ai_user_share" and v["dims"] == "country" for v in meta["variables"])


def test_bad_json_is_refused(server):
    status, text = post(server["url"], "/api/run", b'{"base": ')
    assert status == 400
    assert json.loads(text)["error"]["reason"].startswith("bad JSON")


def test_unknown_lever_is_a_located_error_with_a_suggestion(server):
    body = dict(TINY, policies=[{"lever": "open_source_acess", "targets": "all",
                                 "start": "2024-01", "intensity": 1}])
    status, text = post(server["url"], "/api/run", body)
    error = json.loads(text)["error"]
    assert status == 400
    assert error["key"] == "policies[0].lever"
    assert "did you mean 'open_source_access'" in error["reason"]
    assert error["file"] == "explorer.yaml" and error["line"] > 0 and error["column"] > 0


def test_out_of_range_values_are_located(server):
    body = dict(TINY, policies=[{"lever": "open_source_access", "targets": "all",
                                 "start": "2024-01", "ramp_months": 12, "intensity": 5000}])
    status, text = post(server["url"], "/api/run", body)
    error = json.loads(text)["error"]
    assert status == 400 and error["key"] == "policies[0].intensity"
    assert "out of range" in error["reason"] and error["got"] == "5000"
    status, text = post(server["url"], "/api/run", dict(TINY, workers=10**7))
    assert status == 400 and json.loads(text)["error"]["key"] == "workers"
    status, text = post(server["url"], "/api/run", dict(TINY, base="../tiny"))
    assert status == 400 and json.loads(text)["error"]["key"] == "base"
    status, text = post(server["url"], "/api/run", dict(TINY, variables=["ai_user_shar"]))
    assert status == 400 and "did you mean 'ai_user_share'" in json.loads(text)["error"]["reason"]


def test_oversized_requests_are_refused(server):
    status, text = post(server["url"], "/api/run", b"{" + b" " * (200 * 1024) + b"}")
    assert status == 413
    assert "too large" in json.loads(text)["error"]["reason"]


def test_unknown_paths_and_methods(server):
    status, _ = post(server["url"], "/api/nothing", {})
    assert status == 404
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(server["url"] + "/../../etc/passwd", timeout=30)
    assert error.value.code == 404


def test_a_run_streams_start_replicates_done(server):
    status, lines = run_lines(server["url"], dict(TINY, replicates=2))
    assert status == 200
    # The first replicate's records come one by one as they are made, then each whole replicate.
    assert [line["type"] for line in lines] == ["start", "record", "record", "record",
                                                "replicate", "replicate", "done"]
    assert lines[0]["countries"] == ["BRA", "CHN", "DEU", "ETH", "IND", "NGA", "USA"]
    records, lines = lines[1:4], [lines[0]] + lines[4:]
    assert [r["month"] for r in records] == lines[1]["months"]
    assert [r["variables"]["gini_ai_user_share"] for r in records] == \
        lines[1]["variables"]["gini_ai_user_share"]
    rep = lines[1]
    assert rep["months"] == ["2023-12", "2024-12", "2025-12"]
    assert np.array(rep["variables"]["group_ai_user_share"]).shape == (3, 4)
    assert np.array(rep["variables"]["ai_user_share"]).shape == (3, 7)
    # Replicates differ in their random numbers.
    assert rep["variables"]["ai_user_share"] != lines[2]["variables"]["ai_user_share"]


def test_export_runs_with_aidivide_run_to_the_same_numbers(server, tmp_path):
    """Both replicates, the pathway started from the baseline's state (tiny: its 2024-01, where
    the lever starts) as the page's runs are, equal `aidivide run` of the exported file."""
    common = dict(TINY, seed=5, replicates=2)
    status, _ = run_lines(server["url"], dict(common, policies=[]))  # the page's baseline
    assert status == 200
    body = dict(common, policies=[{"lever": "hard_infrastructure",
                                   "targets": {"income": ["low", "lower_middle"]},
                                   "start": "2024-01", "ramp_months": 6, "intensity": 0.02}])
    status, lines = run_lines(server["url"], body)
    assert status == 200
    replicates = [line for line in lines if line["type"] == "replicate"]
    assert [r["from_tick"] for r in replicates] == [12, 12]  # branched from the baseline
    status, text = post(server["url"], "/api/export", body)
    assert status == 200
    exported = json.loads(text)
    path = tmp_path / exported["filename"]
    path.write_text(exported["yaml"])
    for r, replicate in enumerate(replicates):
        out = tmp_path / f"exported_r{r}.h5"
        run_aidivide(["run", str(path), "-o", str(out), "--quiet", "--replicate", str(r)])
        with h5py.File(out, "r") as f:
            for name in ("group_ai_user_share", "ai_user_share", "gini_ai_user_share",
                         "policy_cost_usd", "ai_tfp_gain"):
                np.testing.assert_array_equal(np.array(replicate["variables"][name], dtype=float),
                                              f[name][...], err_msg=f"{name} r{r}")
            assert f["policy_cost_usd"][...].sum() > 0
    # The baseline itself differs (the lever acts).
    baseline = [line for line in run_lines(server["url"], dict(common, policies=[]))[1]
                if line["type"] == "replicate"]
    assert baseline[0]["variables"]["ai_user_share"] != replicates[0]["variables"]["ai_user_share"]


def test_a_newer_request_of_a_session_cancels_the_older(server):
    port = int(server["url"].rsplit(":", 1)[1])
    # Several seconds of work: still running when the newer request comes.
    slow = {"base": "baseline", "workers": 50000, "firms": 10000, "replicates": 8,
            "session": "same"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
    connection.request("POST", "/api/run", json.dumps(slow))
    response = connection.getresponse()
    assert json.loads(response.readline())["type"] == "start"  # the job is running
    status, lines = run_lines(server["url"], dict(TINY, session="same"))
    assert status == 200 and lines[-1]["type"] == "done"
    rest = [json.loads(line) for line in response.read().decode().splitlines() if line]
    connection.close()
    assert rest[-1]["type"] == "cancelled"
    assert len([line for line in rest if line["type"] == "replicate"]) < 8


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def test_load_200_requests_from_20_clients(server):
    """No crash, every request answered (a run, or 503 when the queue is full), memory bounded.
    The timeout on each request is a hang guard, not a speed requirement."""
    def client(k: int) -> list[int]:
        statuses = []
        for i in range(10):
            status, lines = run_lines(server["url"], dict(TINY, seed=k * 10 + i,
                                                          session=f"load{k}"))
            assert status in (200, 503), lines
            if status == 200:
                assert lines[-1]["type"] in ("done", "cancelled")
            statuses.append(status)
        return statuses

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = [s for f in [pool.submit(client, k) for k in range(20)] for s in f.result()]
    assert len(results) == 200
    assert results.count(200) >= 100, results
    assert server["proc"].poll() is None
    # Memory stays bounded: a tiny world and the queue's cap (several GiB would mean a leak).
    assert rss_kib(server["pid"]) < 1024 * 1024
    status, lines = run_lines(server["url"], TINY)
    assert status == 200 and lines[-1]["type"] == "done"


def test_binds_loopback_by_default(server):
    assert server["url"].startswith("http://127.0.0.1:")
    port = int(server["url"].rsplit(":", 1)[1])
    listening = Path("/proc/net/tcp").read_text()
    # 0100007F is 127.0.0.1; the server's port listens there only (state 0A, LISTEN).
    rows = [r.split() for r in listening.splitlines()[1:]]
    mine = [r for r in rows if int(r[1].split(":")[1], 16) == port and r[3] == "0A"]
    assert mine and all(r[1].split(":")[0] == "0100007F" for r in mine)



def test_a_client_that_sends_nothing_is_dropped(server):
    port = int(server["url"].rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_TIMEOUT_SECONDS) as s:
        s.sendall(b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and then nothing
        assert s.recv(1024) == b""  # closed by the server after its idle timeout


def test_connections_are_capped_and_idle_ones_released(server):
    port = int(server["url"].rsplit(":", 1)[1])
    idle = [socket.create_connection(("127.0.0.1", port), timeout=REQUEST_TIMEOUT_SECONDS)
            for _ in range(64)]
    try:
        time.sleep(0.5)  # every idle connection has its thread
        status, text = post(server["url"], "/api/validate", TINY)
        assert status == 503 and "too many connections" in text
    finally:
        for s in idle:
            s.close()
    deadline = time.monotonic() + 10 * IDLE_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        status, _ = post(server["url"], "/api/validate", TINY)
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200


def test_requests_named_for_another_host_are_refused(server):
    """A page elsewhere that points its own name at 127.0.0.1 gets nothing (DNS rebinding)."""
    request = urllib.request.Request(server["url"] + "/api/meta",
                                     headers={"Host": "attacker.example:8050"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 403
    request = urllib.request.Request(server["url"] + "/api/meta", headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
