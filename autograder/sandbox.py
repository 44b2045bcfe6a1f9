"""Run a student's kernel in a sandbox: bubblewrap (Debian's `bubblewrap`) plus resource limits.

The grading process (trusted) talks to the kernel (untrusted: it runs the
student's code) over Unix sockets in a per-submission folder, the only place
the kernel can write besides a private /tmp. Inside the sandbox the kernel:

- runs as uid 1000 in its own user, PID, network, IPC and UTS namespaces;
- sees the system, Python and the course's helper package read-only, and
  nothing else of the host: not solutions/, the gradebook, other submissions
  or anyone's home folder;
- has only a loopback network (no internet, and its ports are its own);
- is limited in memory, processes and file size (``Limits``);
- dies with every process it started when the grader stops it (PID namespace,
  --die-with-parent).

Jupyter launches the kernel through this file run as a script (see
``kernel_spec_dir``), which applies the limits and execs ``bwrap``.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

KERNEL_NAME = "course-sandbox"
LIMITS_FILE = "sandbox-limits.json"
PARENT_VARIABLE = "GRADING_KERNEL_PARENT"  # set by the grading process to its pid: see _die_with_parent
KERNEL_LOG = "kernel.log"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Limits:
    memory_mb: int = 3072      # address space of each process
    processes: int = 256       # processes and threads of the sandbox's user
    file_mb: int = 256         # largest file it may write
    open_files: int = 1024


def available() -> str | None:
    """None when sandboxes can be made here, else why not."""
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (Debian: apt-get install bubblewrap)"
    return None


def kernel_spec_dir() -> str:
    """A folder holding the sandboxed kernel spec, for KernelSpecManager(kernel_dirs=[...])."""
    folder = Path(tempfile.mkdtemp(prefix="course-kernelspec-"))
    (folder / KERNEL_NAME).mkdir()
    # Run as a script (stdlib only): the kernel's working folder is not the course's.
    spec = {"argv": [sys.executable, str(Path(__file__).resolve()), "{connection_file}"],
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


def _apply_limits(folder: str) -> None:
    path = os.path.join(folder, LIMITS_FILE)
    limits = Limits(**json.loads(Path(path).read_text())) if os.path.exists(path) else Limits()
    mb = 1024 * 1024
    for which, value in [(resource.RLIMIT_AS, limits.memory_mb * mb), (resource.RLIMIT_NPROC, limits.processes),
                         (resource.RLIMIT_FSIZE, limits.file_mb * mb), (resource.RLIMIT_NOFILE, limits.open_files),
                         (resource.RLIMIT_CORE, 0)]:
        resource.setrlimit(which, (value, value))


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
    """The sandboxed kernel's launcher: ``python autograder/sandbox.py CONNECTION_FILE``."""
    [connection_file] = argv
    _die_with_parent()
    folder = os.path.dirname(os.path.abspath(connection_file))
    command = bwrap_command(connection_file)
    _apply_limits(folder)  # inherited by bwrap and the kernel
    # The kernel's own banner and crash messages go to a log the grader reads if the kernel dies.
    log = os.open(os.path.join(folder, KERNEL_LOG), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
