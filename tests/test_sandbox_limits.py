"""Every limit of the sandbox, proven with a real sandboxed kernel, for a grader running as root and as an
ordinary user.

The kernel is started as the grader starts it (the sandbox's kernel spec, ipc transport in a per-kernel folder,
``sandbox.write_limits``) with small limits, and runs code that tries to go over each one: processes, memory,
file size, open files; an interrupt must reach it. It also reports what it sees of the host (network, files,
identity). The time limits are the grader's (``autograder.execute``), proven through its ``execute``.

Three ways (``MODES``), each measured by ``measure`` and asserted on by the tests below:

- ``root``: the test process itself, when it is root (processes: a pids cgroup of the kernel's own);
- ``user``: an ordinary user (``grader-test``, made if missing) in a subprocess that runs this file as a script
  and writes what it measured as JSON (processes: RLIMIT_NPROC); the test process itself if it is not root;
- ``user-delegated-cgroup``: that user in a cgroup v1 pids cgroup delegated to it (chowned): processes are
  limited by a cgroup the launcher makes in it, as for root.

When the interpreter lives where that user cannot read it (pyenv under /root), the subprocess runs in a private
mount namespace where only the interpreter's folder is made visible; nothing on the host changes.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import sandbox  # noqa: E402

USER = "grader-test"
LIMITS = sandbox.Limits(memory_mb=1024, processes=40, file_mb=8, open_files=256)
CELL_TIMEOUT = 2
MODES = ["root", "user", "user-delegated-cgroup"]

# Each cell prints one JSON line: what it managed to do.
MEMORY = """
import json
def attempt(mb):
    try:
        block = bytearray(mb * 1024 ** 2)
        return "allocated"
    except MemoryError:
        return "MemoryError"
print(json.dumps({"100 MB": attempt(100), "2048 MB": attempt(2048)}))
"""
FILE_SIZE = """
import errno, json, os
error = None
try:
    with open("big.bin", "wb", buffering=0) as f:
        for _ in range(16):
            f.write(b"x" * 1024 ** 2)
except OSError as e:
    error = errno.errorcode.get(e.errno, str(e.errno))
print(json.dumps({"error": error, "size_mb": os.path.getsize("big.bin") / 1024 ** 2}))
"""
OPEN_FILES = """
import errno, json, os
files, error = [], None
try:
    while len(files) < 5000:
        files.append(open(os.devnull))
except OSError as e:
    error = errno.errorcode.get(e.errno, str(e.errno))
highest = max(f.fileno() for f in files)
for f in files:
    f.close()
print(json.dumps({"opened": len(files), "highest_fd": highest, "error": error}))
"""
PROCESSES = """
import json, resource, subprocess
kids, error = [], None
try:
    for _ in range(400):
        kids.append(subprocess.Popen(["sleep", "{marker}"]))
except OSError as e:
    error = type(e).__name__
nproc = resource.getrlimit(resource.RLIMIT_NPROC)[0]
print(json.dumps({{"started": len(kids), "error": error, "rlimit_nproc": nproc}}))
"""
ALIVE = 'import json\nprint(json.dumps({"alive": True}))'
FONTS = """
import json, logging
said = []
handler = logging.Handler()
handler.emit = lambda record: said.append(record.getMessage())
logging.getLogger("matplotlib.font_manager").addHandler(handler)
logging.getLogger("matplotlib.font_manager").setLevel(logging.DEBUG)
import matplotlib.font_manager
print(json.dumps({"read the font list": any(m.startswith("Using fontManager instance") for m in said),
                  "built it": any("building the font cache" in m for m in said)}))
"""
ISOLATION = """
import errno, json, os, socket
found = {{"uid": os.getuid(), "uid_map": open("/proc/self/uid_map").read().split(),
          "interfaces": sorted(name for _, name in socket.if_nameindex())}}
def connect(host, port):
    try:
        socket.create_connection((host, port), timeout=3).close()
        return "CONNECTED"
    except OSError as e:
        return type(e).__name__
found["host's port"] = connect("127.0.0.1", {port})
found["internet"] = connect("1.1.1.1", 53)
with socket.create_server(("127.0.0.1", {port})):
    found["binds the host's port"] = True
found["visible"] = [p for p in {hidden!r} if os.path.exists(p)]
def write(path):
    try:
        with open(path, "a"):
            return "WROTE"
    except OSError as e:
        return errno.errorcode[e.errno]
found["writes"] = {{p: write(p) for p in {targets!r}}}
print(json.dumps(found))
"""


# -- the measurements (run in the test process, or as the ordinary user by running this file) ----------------------
def _run(kc, code: str, timeout: float = 30) -> dict:
    """Run ``code`` in the kernel; the JSON line it printed, or what happened instead."""
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append(f'{msg["content"]["ename"]}: {msg["content"]["evalue"]}\n')

    try:
        kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    except TimeoutError:
        return {"no answer": f"within {timeout} s", "output": "".join(out)[-500:]}
    lines = [line for line in "".join(out).splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"output": "".join(out)[-500:]}


def _sleeps(marker: str) -> int:
    """How many of the kernel's `sleep` processes are running, seen from the host."""
    import psutil

    return sum(1 for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == ["sleep", marker])


def _gone(marker: str, timeout: float = 10) -> tuple[int, float]:
    start = time.monotonic()
    while (left := _sleeps(marker)) and time.monotonic() - start < timeout:
        time.sleep(0.05)
    return left, round(time.monotonic() - start, 2)


def _interrupt(km, kc) -> dict:
    """A cell that sleeps past ``CELL_TIMEOUT``, interrupted as the grader interrupts (a message: SIGINT would
    reach bwrap, not the kernel); how the cell ended."""
    import queue

    msg_id = kc.execute("import time\ntime.sleep(60)")
    try:
        return {"finished before the interrupt": kc.get_shell_msg(timeout=CELL_TIMEOUT)["content"]}
    except queue.Empty:
        pass
    start = time.monotonic()
    km.interrupt_kernel()
    while (reply := kc.get_shell_msg(timeout=10))["parent_header"].get("msg_id") != msg_id:
        pass
    return {"status": reply["content"]["status"], "ename": reply["content"].get("ename"),
            "seconds": round(time.monotonic() - start, 2)}


def _isolation(kc, work: Path, rundir: Path, marker: str) -> dict:
    """What the kernel sees of the host: its network, the host's files (which of ``hidden`` it sees, where it can
    write) and its identity."""
    import socket

    other = work / "another-students-folder"
    other.mkdir(exist_ok=True)
    hidden = [str(p) for p in [ROOT / "solutions", ROOT / "autograder", ROOT / ".git", other,
                               Path("/home", USER), Path("/work/shared")] if p.exists()]
    private = f"/tmp/sandbox-limits-{marker}"  # written in the sandbox's /tmp: must not appear in the host's
    targets = [str(ROOT / "tornado_course" / "__init__.py"), f"{sys.prefix}/owned", "/usr/owned",
               str(rundir / "mine.txt"), private]
    with socket.create_server(("127.0.0.1", 0)) as server:  # the host's loopback: the kernel must not reach it
        found = _run(kc, ISOLATION.format(port=server.getsockname()[1], hidden=hidden, targets=targets))
    found["hidden on the host"] = hidden
    found["left on the host"] = [t for t in [targets[1], targets[2], private] if os.path.exists(t)]
    return found


def _kernel_checks(work: Path, spec_dir: str, result: dict) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    marker = f"400.{os.getpid()}"  # `sleep 400.PID`: this run's processes, told from anyone else's
    rundir = Path(tempfile.mkdtemp(prefix="grading-", dir=work))
    sandbox.write_limits(rundir, LIMITS)
    km = KernelManager(kernel_name=sandbox.KERNEL_NAME, transport="ipc", ip=str(rundir / "kernel"),
                       connection_file=str(rundir / "kernel.json"),
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[spec_dir]))
    cgroup = sandbox._cgroup(str(rundir))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        result["cgroup pids.max"] = (Path(cgroup, "pids.max").read_text().strip()
                                     if cgroup and os.path.isdir(cgroup) else None)
        result["memory"] = _run(kc, MEMORY)
        result["alive after memory"] = _run(kc, ALIVE).get("alive", False)
        result["fonts"] = _run(kc, FONTS)
        result["file size"] = _run(kc, FILE_SIZE)
        result["open files"] = _run(kc, OPEN_FILES)
        result["interrupt"] = _interrupt(km, kc)
        # The first output after an interrupt can be lost on its way (an ipykernel race, seen under load; the
        # grader's execute replaces such a kernel): alive means it answers the first or the next request.
        result["alive after interrupt"] = _run(kc, ALIVE).get("alive", False) or _run(kc, ALIVE).get("alive", False)
        result["isolation"] = _isolation(kc, work, rundir, marker)
        result["processes"] = _run(kc, PROCESSES.format(marker=marker))
        result["alive after processes"] = _run(kc, ALIVE).get("alive", False)
        result["processes"]["running on the host"] = _sleeps(marker)
    except RuntimeError as error:  # the kernel died before it was ready
        result["kernel"] = f"{error}; its log: {(rundir / sandbox.KERNEL_LOG).read_text(errors='replace')[-1000:]}"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    result["after shutdown"] = dict(zip(["sleeps left", "seconds"], _gone(marker)))
    result["after shutdown"]["killed by cleanup"] = sandbox.cleanup(rundir)
    result["after shutdown"]["cgroup left"] = bool(cgroup and os.path.exists(cgroup))
    result["after shutdown"]["sleeps left after cleanup"] = _sleeps(marker)
    shutil.rmtree(rundir, ignore_errors=True)


def _time_limit(work: Path, spec_dir: str) -> dict:
    """A cell past the cell limit, through the grader's own ``execute``."""
    import nbformat
    from autograder.execute import Plan, execute
    from autograder.settings import Settings

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time\ntime.sleep(60)"),
                                         nbformat.v4.new_code_cell("print('after the timeout')")])
    source, dest = work / "timeout.ipynb", work / "timeout-executed.ipynb"
    nbformat.write(nb, source)
    settings = Settings(cell_timeout=CELL_TIMEOUT, notebook_timeout=40, interrupt_grace=5, limits=LIMITS)
    made, mkdtemp = [], tempfile.mkdtemp

    def spy(*args, **kwargs):  # which folder execute gives its kernel
        made.append(mkdtemp(*args, **kwargs))
        return made[-1]

    start = time.monotonic()
    with mock.patch.object(tempfile, "mkdtemp", spy):
        outcome = asyncio.run(asyncio.wait_for(execute(source, dest, settings, spec_dir, Plan(probe=False)), 60))
    seconds = round(time.monotonic() - start, 2)
    cells = nbformat.read(dest, as_version=4).cells
    rundir = next(m for m in made if Path(m).name.startswith("grading-"))
    cgroup = sandbox._cgroup(rundir)
    left = bool(cgroup and os.path.exists(cgroup))
    sandbox.cleanup(rundir)  # what execute's Runner.stop does not do yet
    return {"problem": outcome.problem, "seconds": seconds, "cgroup left by execute": left,
            "first cell": [o.get("ename") or o.get("text") for o in cells[0].outputs],
            "second cell": "".join(o.get("text", "") for o in cells[1].outputs)}  # not asserted on: see the report


def _notebook_limit(work: Path, spec_dir: str) -> dict:
    """A notebook past the notebook limit, each cell within the cell limit, through the grader's ``execute``."""
    import nbformat
    from autograder.execute import Plan, execute
    from autograder.settings import Settings

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time\ntime.sleep(1.5)") for _ in range(6)])
    source, dest = work / "long.ipynb", work / "long-executed.ipynb"
    nbformat.write(nb, source)
    settings = Settings(cell_timeout=3, notebook_timeout=4, limits=LIMITS)
    start = time.monotonic()
    outcome = asyncio.run(asyncio.wait_for(execute(source, dest, settings, spec_dir, Plan(probe=False)), 60))
    stopped = [any(o.get("ename") == "GradingStopped" for o in c.outputs) for c in nbformat.read(dest, 4).cells]
    return {"problem": outcome.problem, "seconds": round(time.monotonic() - start, 2), "cells stopped": stopped}


def measure(work: Path) -> dict:
    """Everything the tests assert on, as the user this runs as."""
    result = {"uid": os.geteuid(), "available": sandbox.available()}
    if result["available"]:
        return result
    saved = tempfile.tempdir
    tempfile.tempdir = str(work)  # the kernel spec and the kernels' folders: in a folder this user owns
    spec_dir = sandbox.kernel_spec_dir()
    try:
        start = time.monotonic()
        _kernel_checks(work, spec_dir, result)
        result["kernel checks seconds"] = round(time.monotonic() - start, 2)
        result["time limit"] = _time_limit(work, spec_dir)
        if os.getuid() == 0:  # the grader's own clock, whoever runs it: measured once
            result["notebook limit"] = _notebook_limit(work, spec_dir)
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(spec_dir, ignore_errors=True)
    return result


if __name__ == "__main__":  # as the ordinary user: python tests/test_sandbox_limits.py WORK OUT.json
    Path(sys.argv[2]).write_text(json.dumps(measure(Path(sys.argv[1]))))
    sys.exit(0)


# -- the tests ------------------------------------------------------------------------------------------------------
import pytest  # noqa: E402


def _ordinary_user() -> str:
    if subprocess.run(["id", USER], capture_output=True).returncode != 0:
        made = subprocess.run(["useradd", "--system", "--create-home", USER], capture_output=True, text=True)
        if made.returncode != 0 and subprocess.run(["id", USER], capture_output=True).returncode != 0:
            pytest.skip(f"cannot make the ordinary user {USER}: {made.stderr.strip()}")
    return USER


def _hidden_ancestor(path: str, uid: int) -> str | None:
    """The outermost folder on the way to ``path`` that ``uid`` (not its owner) cannot enter, if any."""
    parts = Path(path).resolve().parts
    for depth in range(2, len(parts) + 1):
        folder = os.path.join(*parts[:depth])
        status = os.stat(folder)
        if status.st_uid != uid and not status.st_mode & 0o001:
            return folder
    return None


def _delegated_cgroup(user: str, work: Path) -> str:
    """A cgroup v1 pids cgroup owned by ``user``, as an administrator delegates one."""
    parent = sandbox._cgroup_parent()
    with open("/proc/self/mounts") as mounts:
        v1 = [line.split()[1] for line in mounts if line.split()[2] == "cgroup" and "pids" in line.split()[3]]
    if parent is None or not v1 or not parent.startswith(v1[0]):
        pytest.skip("the delegated-cgroup case is written for a writable cgroup v1 pids hierarchy; none here")
    folder = os.path.join(parent, f"grader-test-delegated-{os.getpid()}")
    os.mkdir(folder)
    for name in ["", "cgroup.procs", "tasks"]:
        shutil.chown(os.path.join(folder, name), user)
    return folder


def _as_user(user: str, work: Path, cgroup: str | None) -> dict:
    """``measure`` run by ``user`` in a subprocess (inside ``cgroup`` if given)."""
    import pwd

    account = pwd.getpwnam(user)
    shutil.chown(work, user)
    out = work / "measured.json"
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(work), "TMPDIR": str(work),
           "LANG": "C.UTF-8", "JUPYTER_CONFIG_PATH": str(ROOT / "autograder")}
    command = ["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()],
               sys.executable, str(Path(__file__).resolve()), str(work), str(out)]
    script = 'set -e\nif [ -n "$CGROUP" ]; then echo $$ > "$CGROUP/cgroup.procs"; fi\n'
    hidden = _hidden_ancestor(sys.base_prefix, account.pw_uid)
    if hidden:  # show the user the interpreter's folder, and nothing else of `hidden`, in a mount namespace
        stage = Path(tempfile.mkdtemp(prefix="interpreter-"))
        script += (f'mount --bind "{sys.base_prefix}" "{stage}"\nmount -t tmpfs -o mode=755 tmpfs "{hidden}"\n'
                   f'mkdir -p "{sys.base_prefix}"\nmount --bind "{stage}" "{sys.base_prefix}"\n')
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script + 'exec "$@"', "sh", *command]
    else:
        command = ["sh", "-c", script + 'exec "$@"', "sh", *command]
    done = subprocess.run(command, env={**os.environ, "CGROUP": cgroup or ""}, capture_output=True, text=True,
                          timeout=150)
    if hidden:
        stage.rmdir()
    assert done.returncode == 0 and out.exists(), f"as {user}: {done.stdout[-2000:]}{done.stderr[-4000:]}"
    return json.loads(out.read_text())


@pytest.fixture(scope="module", params=MODES)
def measured(request):
    mode, root = request.param, os.geteuid() == 0
    if mode == "root" and not root:
        pytest.skip("the test does not run as root")
    if mode == "user-delegated-cgroup" and not root:
        pytest.skip("only root can delegate a cgroup to the ordinary user")
    work = Path(tempfile.mkdtemp(prefix=f"sandbox-limits-{mode}-", dir="/tmp"))  # where the ordinary user can reach
    cgroup = None
    try:
        start = time.monotonic()
        if mode == "root" or not root:
            result = measure(work)
        else:
            user = _ordinary_user()
            cgroup = _delegated_cgroup(user, work) if mode == "user-delegated-cgroup" else None
            result = _as_user(user, work, cgroup)
        result["seconds"] = round(time.monotonic() - start, 2)
        print(f"\n{mode}: {json.dumps(result, indent=1)}")
        if result["available"]:
            pytest.skip(f"no sandbox here as {mode}: {result['available']}")
        assert "kernel" not in result, f"the sandboxed kernel did not start as {mode}: {result['kernel']}"
        yield mode, result
    finally:
        if cgroup:
            for child in Path(cgroup).glob(f"{sandbox.CGROUP_PREFIX}*"):
                child.rmdir()
            os.rmdir(cgroup)
        shutil.rmtree(work, ignore_errors=True)


def test_processes_stop_at_the_limit(measured):
    mode, result = measured
    processes = result["processes"]
    assert processes["error"] == "BlockingIOError", f"{mode}: the 400th process started: {processes}"
    assert 0 < processes["started"] < LIMITS.processes, f"{mode}: {processes}"
    assert processes["running on the host"] == processes["started"], f"{mode}: {processes}"
    assert result["alive after processes"], f"{mode}: the kernel did not answer once its processes ran out"
    if mode == "user":  # the rlimit, not a cgroup
        assert result["cgroup pids.max"] is None and processes["rlimit_nproc"] == LIMITS.processes, result
    else:  # a cgroup of the kernel's own; root is not held to RLIMIT_NPROC, so the launcher does not set it
        assert result["cgroup pids.max"] == str(LIMITS.processes), f"{mode}: no pids cgroup: {result}"
        assert processes["rlimit_nproc"] != LIMITS.processes, result


def test_nothing_outlives_the_kernel(measured):
    mode, result = measured
    after = result["after shutdown"]
    assert after["sleeps left"] == 0, f"{mode}: {after['sleeps left']} processes outlived the kernel's shutdown"
    assert after["sleeps left after cleanup"] == 0 and not after["cgroup left"], f"{mode}: {after}"


def test_a_kernel_reads_the_font_list_built_once_for_the_run(measured):
    mode, result = measured
    assert result["fonts"] == {"read the font list": True, "built it": False}, f"{mode}: {result['fonts']}"


def test_memory_over_the_limit_fails_and_the_kernel_survives(measured):
    mode, result = measured
    assert result["memory"] == {"100 MB": "allocated", "2048 MB": "MemoryError"}, f"{mode}: {result['memory']}"
    assert result["alive after memory"], f"{mode}: the kernel died after a MemoryError"


def test_files_stop_at_the_size_limit(measured):
    mode, result = measured
    assert result["file size"] == {"error": "EFBIG", "size_mb": float(LIMITS.file_mb)}, f"{mode}: {result}"


def test_open_files_stop_at_the_limit(measured):
    mode, result = measured
    files = result["open files"]
    assert files["error"] == "EMFILE" and files["highest_fd"] < LIMITS.open_files, f"{mode}: {files}"


def test_an_interrupt_reaches_the_sandboxed_kernel(measured):
    mode, result = measured
    assert result["interrupt"].get("ename") == "KeyboardInterrupt", f"{mode}: {result['interrupt']}"
    assert result["alive after interrupt"], f"{mode}: the kernel did not answer after the interrupt"


def test_the_grader_interrupts_a_cell_past_the_time_limit(measured):
    mode, result = measured
    timed = result["time limit"]
    problem = timed["problem"] or ""
    assert problem.startswith("cell 0 ran longer than") and f"{CELL_TIMEOUT} s" in problem, f"{mode}: {timed}"
    assert problem.endswith("and was interrupted"), f"{mode}: the grader did not go on with the same kernel: {timed}"
    assert "GradingStopped" in timed["first cell"] and timed["seconds"] < 25, f"{mode}: {timed}"


def test_only_its_own_loopback_network(measured):
    mode, found = measured[0], measured[1]["isolation"]
    assert found["interfaces"] == ["lo"], f"{mode}: {found}"
    assert found["host's port"] == "ConnectionRefusedError" and found["binds the host's port"], f"{mode}: {found}"
    assert found["internet"] != "CONNECTED", f"{mode}: {found}"


def test_host_files_are_unseen_and_read_only(measured):
    mode, found = measured[0], measured[1]["isolation"]
    assert len(found["hidden on the host"]) >= 4 and found["visible"] == [], f"{mode}: it sees {found['visible']}"
    *elsewhere, own, private = found["writes"].values()
    assert set(elsewhere) <= {"EROFS", "EACCES"} and own == private == "WROTE", f"{mode}: {found['writes']}"
    assert found["left on the host"] == [], f"{mode}: {found['left on the host']}"


def test_it_runs_as_uid_1000_in_a_user_namespace_of_its_own(measured):
    mode, found = measured[0], measured[1]["isolation"]
    assert found["uid"] == 1000 and found["uid_map"][0::3] == ["1000"], f"{mode}: {found}"


def test_the_grader_stops_a_notebook_past_its_limit(measured):
    mode, result = measured
    if "notebook limit" not in result:
        pytest.skip("measured once, as root")
    limit = result["notebook limit"]
    assert limit["problem"] == "the notebook ran longer than 4 s (the notebook limit) and was stopped" and limit["seconds"] < 15, limit
    assert limit["cells stopped"][-1] and not limit["cells stopped"][0], f"the cells not run should say why: {limit}"


def test_the_grader_removes_its_kernels_cgroup(measured):
    mode, result = measured
    if mode == "user":
        pytest.skip("no cgroup as an ordinary user without a delegated one")
    assert not result["time limit"]["cgroup left by execute"], f"{mode}: execute left its kernel's cgroup behind"


@pytest.mark.skipif(os.geteuid() != 0, reason="the test does not run as root")
def test_root_without_a_pids_cgroup_is_refused(tmp_path):
    """With every cgroup hierarchy read-only (in a mount namespace of its own), root gets no sandbox: available()
    says why, and the launcher does not start a kernel without a process limit."""
    with open("/proc/self/mounts") as mounts:
        points = [line.split()[1] for line in mounts if line.split()[2] in ("cgroup", "cgroup2")]
    readonly = "".join(f'mount -o remount,bind,ro "{point}"\n' for point in points)
    check = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from autograder import sandbox; "
             "print(sandbox.available())")
    script = f'set -e\n{readonly}"$1" -c "$2"\n"$1" "$3" "$4" || echo "launcher exit $?"\n'
    launcher = [str(ROOT / "autograder" / "sandbox.py"), str(tmp_path / "kernel.json")]
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                           sys.executable, check, *launcher], capture_output=True, text=True, timeout=60)
    assert "the grader runs as root" in done.stdout and "no pids cgroup is writable" in done.stdout, done
    assert "launcher exit 1" in done.stdout, done
    log = (tmp_path / sandbox.KERNEL_LOG).read_text()
    assert "refuses to run as root without a process limit" in log, log


def test_stale_empty_cgroups_are_removed():
    """What a grader killed before its ``cleanup`` leaves: an empty kernel cgroup over a minute old is removed by the
    next launcher (``_remove_stale_cgroups``); a fresh one, whose kernel may be starting, is kept."""
    parent = sandbox._cgroup_parent()
    if parent is None:
        pytest.skip("no writable pids cgroup here")
    stale, fresh = (os.path.join(parent, f"{sandbox.CGROUP_PREFIX}test-{name}-{os.getpid()}") for name in "ab")
    for folder in (stale, fresh):
        os.mkdir(folder)
    try:
        os.utime(stale, (time.time() - 120, time.time() - 120))
        sandbox._remove_stale_cgroups()
        assert not os.path.exists(stale) and os.path.exists(fresh)
    finally:
        for folder in (stale, fresh):
            if os.path.exists(folder):
                os.rmdir(folder)
