"""Run a student's kernel in a sandbox: bubblewrap (Debian's `bubblewrap`) plus resource limits.

The grading process (trusted) talks to the kernel (untrusted: it runs the
student's code) over Unix sockets in a per-submission folder, the only place
the kernel can write besides a private /tmp. Inside the sandbox the kernel:

- runs as uid 1000 in its own user, PID, network, IPC and UTS namespaces;
- sees the system, Python (its folder, wherever it is installed) and the
  course's helper package read-only, and nothing else of the host: not
  solutions/, the gradebook, other submissions or /home;
- has only a loopback network (no internet, and its ports are its own);
- is limited in memory, processes, file size and open files (``Limits``);
- dies with every process it started when the grader stops it (PID namespace,
  --die-with-parent).

Jupyter launches the kernel through this file run as a script (see
``kernel_spec_dir``), which applies the limits and execs ``bwrap``. Memory,
file size and open files are rlimits: they hold for root too. Processes are
limited by a pids cgroup of the kernel's own (``pids.max``, counting bwrap,
the kernel and all they start) whenever one can be made; as root it must be
(the kernel does not hold root to RLIMIT_NPROC), so without one ``available()``
refuses and the launcher refuses to start a kernel. An ordinary user without
one gets RLIMIT_NPROC, which counts every process and thread of that user:
the grader's and its other kernels' too. Once a kernel is stopped, the grader
calls ``cleanup(folder)``, which kills what is left of it and removes its
cgroup; a launcher also removes empty kernel cgroups over a minute old.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

KERNEL_NAME = "course-sandbox"
LIMITS_FILE = "sandbox-limits.json"
PARENT_VARIABLE = "GRADING_KERNEL_PARENT"  # set by the grading process to its pid: see _die_with_parent
KERNEL_LOG = "kernel.log"
FONT_CACHE = "matplotlib"  # in the kernel spec's folder: matplotlib's font list, copied to each kernel's HOME
CGROUP_PREFIX = "course-sandbox-"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Limits:
    memory_mb: int = 3072      # address space of each process
    processes: int = 256       # processes and threads: of the sandbox (cgroup) or of the grader's user (rlimit)
    file_mb: int = 256         # largest file it may write
    open_files: int = 1024


def available() -> str | None:
    """None when sandboxes can be made here, else why not: no bwrap, no user namespaces, or root and no pids
    cgroup."""
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (Debian: apt-get install bubblewrap)"
    try:
        subprocess.run(["bwrap", "--unshare-all", "--uid", "1000", "--gid", "1000", "--ro-bind", "/", "/", "true"],
                       capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        return f"bwrap cannot make a sandbox here (user namespaces not allowed?): {getattr(error, 'stderr', error)}"
    if os.geteuid() == 0 and (problem := _cgroup_problem(f"/probe-{os.getpid()}")):
        return (f"the grader runs as root, which RLIMIT_NPROC does not limit, and {problem}: run it as an "
                "ordinary user, or where it can make a pids cgroup")
    return None


def kernel_spec_dir() -> str:
    """A folder holding the sandboxed kernel spec, for KernelSpecManager(kernel_dirs=[...])."""
    folder = Path(tempfile.mkdtemp(prefix="course-kernelspec-"))
    (folder / KERNEL_NAME).mkdir()
    fonts = folder / FONT_CACHE
    # matplotlib's font list, built once here: a kernel's fresh HOME would rebuild it (about 0.5 s of CPU each).
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], capture_output=True, timeout=300,
                   env={**os.environ, "MPLCONFIGDIR": str(fonts)})
    # Run as a script (stdlib only): the kernel's working folder is not the course's.
    spec = {"argv": [sys.executable, str(Path(__file__).resolve()), "{connection_file}", str(fonts)],
            "display_name": "Python 3 (grading sandbox)", "language": "python",
            # SIGINT would reach bwrap, not the kernel: interrupt a cell that runs too long by message.
            "interrupt_mode": "message"}
    (folder / KERNEL_NAME / "kernel.json").write_text(json.dumps(spec))
    return str(folder)


def write_limits(folder: Path, limits: Limits) -> None:
    (folder / LIMITS_FILE).write_text(json.dumps(asdict(limits)))


def _visible_paths() -> list[str]:
    """What the kernel needs to see (read-only): the system, Python, the environment, the helper package."""
    paths = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
             sys.base_prefix, sys.prefix, str(ROOT / "tornado_course")]
    return [p for p in dict.fromkeys(paths) if os.path.exists(p)]


def bwrap_command(connection_file: str) -> list[str]:
    folder = os.path.dirname(os.path.abspath(connection_file))
    command = ["bwrap", "--die-with-parent", "--new-session", "--unshare-all", "--uid", "1000", "--gid", "1000",
               "--hostname", "grading", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for path in _visible_paths():
        if os.path.islink(path):  # merged /usr: /bin -> usr/bin
            command += ["--symlink", os.readlink(path), path]
        else:
            command += ["--ro-bind", path, path]
    if os.path.exists("/etc/shadow"):
        command += ["--ro-bind", "/dev/null", "/etc/shadow"]
    command += ["--bind", folder, folder, "--chdir", folder, "--clearenv",
                "--setenv", "HOME", folder, "--setenv", "PATH", f"{sys.prefix}/bin:/usr/bin:/bin",
                "--setenv", "LANG", "C.UTF-8", "--setenv", "NBGRADER_EXECUTION", "autograde",
                "--", sys.executable, "-m", "ipykernel_launcher", "-f", connection_file,
                "--HistoryManager.hist_file=:memory:"]
    return command


def _read_limits(folder: str) -> Limits:
    path = os.path.join(folder, LIMITS_FILE)
    return Limits(**json.loads(Path(path).read_text())) if os.path.exists(path) else Limits()


def _apply_limits(limits: Limits, processes: bool) -> None:
    """The rlimits, inherited by bwrap and the kernel; RLIMIT_NPROC only if ``processes`` (no cgroup)."""
    mb = 1024 * 1024
    rlimits = [(resource.RLIMIT_AS, limits.memory_mb * mb), (resource.RLIMIT_FSIZE, limits.file_mb * mb),
               (resource.RLIMIT_NOFILE, limits.open_files), (resource.RLIMIT_CORE, 0)]
    if processes:
        rlimits.append((resource.RLIMIT_NPROC, limits.processes))
    for which, value in rlimits:
        resource.setrlimit(which, (value, value))


def _cgroup_parent() -> str | None:
    """Where this process may make a pids cgroup: its own cgroup in a cgroup v1 ``pids`` hierarchy, else the
    nearest cgroup v2 ancestor of its own (itself included) whose ``cgroup.subtree_control`` has ``pids``;
    None if there is none it may write to."""
    v1 = v2 = None
    with open("/proc/self/mounts") as mounts:
        for line in mounts:
            _, point, kind, options, *_ = line.split()
            if kind == "cgroup" and "pids" in options.split(","):
                v1 = point
            elif kind == "cgroup2":
                v2 = v2 or point
    with open("/proc/self/cgroup") as own:
        paths = {controllers: path for _, controllers, path in (line.rstrip("\n").split(":", 2) for line in own)}
    for controllers, path in paths.items():
        if v1 and "pids" in controllers.split(","):
            folder = os.path.normpath(v1 + path)
            return folder if os.access(folder, os.W_OK) else None
    if v2 is None or "" not in paths:
        return None
    folder = os.path.normpath(v2 + paths[""])
    while folder.startswith(v2):
        try:
            if "pids" in Path(folder, "cgroup.subtree_control").read_text().split() and os.access(folder, os.W_OK):
                return folder
        except OSError:
            pass
        if folder == v2:
            break
        folder = os.path.dirname(folder)
    return None


def _cgroup(folder: str) -> str | None:
    """The pids cgroup of the kernel whose folder is ``folder`` (named after it: nothing the kernel can write
    decides which cgroup the grader empties), or None where none can be made."""
    parent = _cgroup_parent()
    name = CGROUP_PREFIX + hashlib.sha256(os.path.realpath(folder).encode()).hexdigest()[:16]
    return None if parent is None else os.path.join(parent, name)


def _cgroup_problem(folder: str, processes: int = 1, join: bool = False) -> str | None:
    """Make ``folder``'s cgroup with ``pids.max = processes`` and move this process into it if ``join``, else
    remove it again (a probe). None if that worked, else why not."""
    path = _cgroup(folder)
    if path is None:
        return ("no pids cgroup is writable here (a cgroup v1 pids hierarchy, or a cgroup v2 one with pids in "
                "cgroup.subtree_control)")
    try:
        os.mkdir(path)
    except OSError as error:
        return f"cannot make the pids cgroup {path}: {error}"
    problem = None
    try:
        Path(path, "pids.max").write_text(str(processes))
        if join:
            Path(path, "cgroup.procs").write_text(str(os.getpid()))
            return None
    except OSError as error:
        problem = f"cannot limit processes with the pids cgroup {path}: {error}"
    os.rmdir(path)
    return problem


def cleanup(folder: str | os.PathLike, timeout: float = 10.0) -> int:
    """Kill whatever is left of the sandboxed kernel whose folder is ``folder`` and remove its pids cgroup, if it
    has one; returns how many processes that killed (0 without a cgroup). The grader calls it after each kernel
    in ``folder`` is shut down, before removing the folder; the launcher calls it before starting a kernel.
    Raises OSError if the cgroup could not be emptied and removed within ``timeout`` seconds."""
    path = _cgroup(os.fspath(folder))
    killed: set[str] = set()
    deadline = time.monotonic() + timeout
    while path is not None and os.path.isdir(path):
        try:
            os.rmdir(path)
            break
        except FileNotFoundError:
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
        try:
            if os.path.exists(os.path.join(path, "cgroup.kill")):  # cgroup v2: all at once
                Path(path, "cgroup.kill").write_text("1")
            pids = Path(path, "cgroup.procs").read_text().split()
        except FileNotFoundError:
            break
        for pid in pids:
            killed.add(pid)
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.01)
    return len(killed)


def _remove_stale_cgroups(age: float = 60.0) -> None:
    """Remove the kernels' cgroups that are empty and were made over ``age`` seconds ago (a grader killed before
    its ``cleanup``); the kernel refuses to remove a cgroup that still has processes."""
    parent = _cgroup_parent()
    for entry in os.scandir(parent) if parent else ():
        try:
            if entry.name.startswith(CGROUP_PREFIX) and time.time() - entry.stat().st_mtime > age:
                os.rmdir(entry.path)
        except OSError:
            pass


def _die_with_parent() -> None:
    """Get SIGKILL when the grading process that started us dies, from now on: bwrap's --die-with-parent
    only takes over once bwrap runs, and the grader may be killed before that."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if str(os.getppid()) != os.environ.get(PARENT_VARIABLE, str(os.getppid())):
        os._exit(1)  # the grader died before the line above: nobody is waiting for this kernel


def main(argv: list[str]) -> None:
    """The sandboxed kernel's launcher: ``python autograder/sandbox.py CONNECTION_FILE [FONT_CACHE_FOLDER]``."""
    connection_file, *fonts = argv
    _die_with_parent()
    folder = os.path.dirname(os.path.abspath(connection_file))
    for name in os.listdir(fonts[0]) if fonts and os.path.isdir(fonts[0]) else ():
        if name.startswith("fontlist-"):  # the kernel's own copy, in its HOME: nothing shared between kernels
            os.makedirs(os.path.join(folder, ".cache", "matplotlib"), exist_ok=True)
            shutil.copy(os.path.join(fonts[0], name), os.path.join(folder, ".cache", "matplotlib", name))
    command = bwrap_command(connection_file)
    # The kernel's own banner and crash messages go to a log the grader reads if the kernel dies.
    log = os.open(os.path.join(folder, KERNEL_LOG), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    limits = _read_limits(folder)
    cleanup(folder)  # what an earlier kernel in this folder left
    _remove_stale_cgroups()
    problem = _cgroup_problem(folder, limits.processes, join=True)  # bwrap and the kernel are counted in it
    if problem and os.geteuid() == 0:
        print(f"the sandbox refuses to run as root without a process limit: {problem}", file=sys.stderr)
        os._exit(1)
    _apply_limits(limits, processes=problem is not None)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
