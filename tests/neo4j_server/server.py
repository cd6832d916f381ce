#!/usr/bin/env python3
"""Start a real, throw-away Neo4j 5.26 server without Docker.

The server is Neo4j's own test harness (``org.neo4j.test:neo4j-harness``) running in a
small Java launcher (``src/main/java/paperkg/Neo4jLauncher.java``): Bolt only (no HTTP),
bound to 127.0.0.1, authentication on, user ``neo4j`` with the password you choose.
Its store lives in a temporary directory and is deleted when the server stops.

Pure standard library; usable two ways:

* from Python / pytest (import by path or as a module)::

      from server import start
      with start() as neo4j:                       # free port, random password
          driver = GraphDatabase.driver(neo4j.uri, auth=(neo4j.user, neo4j.password))

* as a script (``make neo4j``)::

      python tests/neo4j_server/server.py [--port 7687] [--password PW]

The first call builds the launcher with Maven (``mvn -q -B package``), which downloads
Neo4j into ~/.m2 once (about 200 MB); later calls skip the build while
``target/neo4j-launcher.jar`` and ``target/classpath.txt`` are newer than ``pom.xml`` and
the Java source.

Environment variables (all optional):

* ``JAVA_HOME``         -- Java 17+ to use (else ``java`` from PATH)
* ``MVN``               -- Maven executable (else ``mvn`` from PATH)
* ``NEO4J_JAVA_OPTS``   -- JVM options, replacing the defaults in ``DEFAULT_JAVA_OPTS``
* ``NEO4J_PAGECACHE``   -- page cache size (default ``128m``)
* ``NEO4J_CDS=0``       -- do not record/use the class-data-sharing archive (see ``build``)
* ``NEO4J_PORT``, ``NEO4J_PASSWORD``, ``NEO4J_DATA_DIR`` -- defaults of the script's
  options (not of :func:`start`, whose defaults never depend on the environment)
"""

from __future__ import annotations

import argparse
import atexit
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Union

__all__ = [
    "DEFAULT_JAVA_OPTS",
    "LOAD_JAVA_OPTS",
    "LOAD_PAGECACHE",
    "Neo4jServer",
    "Neo4jServerError",
    "admin_script",
    "build",
    "is_built",
    "load_options",
    "start",
]

HERE = Path(__file__).resolve().parent
TARGET = HERE / "target"
JAR = TARGET / "neo4j-launcher.jar"
CLASSPATH_FILE = TARGET / "classpath.txt"
MAIN_CLASS = "paperkg.Neo4jLauncher"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"  # what `neo4j-admin` runs in a Neo4j installation
USER = "neo4j"
READY_PREFIX = "NEO4J_READY "
FAILED_PREFIX = "NEO4J_FAILED "
SCRIPT_DEFAULT_PORT = 7687
SCRIPT_DEFAULT_PASSWORD = "paperkg-neo4j"

# Modest JVM for a 2-core machine shared with the test run: C1 only and the serial GC
# roughly halve the CPU spent starting up; the --add-opens flags are the ones Neo4j's
# own start script passes (without them the page cache falls back to a slower mode).
# A fixed heap (initial = max), as docker-compose.yml and Neo4j's memory recommendation set
# it: started at 256 MB, the young generation was ~85 MB and a 10k-paper load spent 4-5 s in
# GC pauses (jstat), against 1.3-2.3 s with this.
DEFAULT_JAVA_OPTS: List[str] = [
    "-Xms1g",
    "-Xmx1g",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:-OmitStackTraceInFastThrow",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
]

# For a standing server that loads corpora (`make neo4j`, bench --server-options load): the JVM's
# usual optimising tier (C2) as well, a fixed 2 GB heap and a 512 MB page cache. Measured on 10k
# papers (README): about the same server CPU per relationship once compiled, but the compiler
# runs beside the load (a first load costs ~20 s more CPU), so the tests, whose servers mostly
# start and answer small queries, keep DEFAULT_JAVA_OPTS.
LOAD_JAVA_OPTS: List[str] = ["-Xms2g", "-Xmx2g", *(o for o in DEFAULT_JAVA_OPTS
                                                 if not o.startswith(("-Xms", "-Xmx", "-XX:TieredStopAtLevel")))]
LOAD_PAGECACHE = "512m"

_LOG_TAIL_LINES = 40


class Neo4jServerError(RuntimeError):
    """The launcher could not be built, or the server failed to start or stop."""


# --------------------------------------------------------------------------- build


def _sources() -> List[Path]:
    files = [HERE / "pom.xml"]
    files += [p for p in (HERE / "src").rglob("*") if p.is_file()]
    return files


def _tail(text: str, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _read_classpath() -> str:
    return CLASSPATH_FILE.read_text(encoding="utf-8").strip()


def is_built() -> bool:
    """True if the jar and classpath file exist, are newer than the sources, and every
    dependency they name is still in the local Maven repository."""
    try:
        built = min(JAR.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime)
        newest_source = max(p.stat().st_mtime for p in _sources())
        classpath = _read_classpath()
    except (OSError, ValueError):
        return False
    if built < newest_source or not classpath:
        return False
    return all(os.path.exists(entry) for entry in classpath.split(os.pathsep))


def _maven() -> str:
    mvn = os.environ.get("MVN") or shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError("Maven not found: install it (apt-get install maven) or set MVN")
    return mvn


def build(force: bool = False, quiet: bool = True) -> str:
    """Build the launcher with Maven unless it is up to date; return the Java classpath.

    After a Maven build it also records ``target/neo4j-launcher.jsa``, a class-data-sharing
    archive, by starting and stopping Neo4j once (about as long as one start; skip with
    ``NEO4J_CDS=0``). Safe to call from several processes at once (a file lock serialises
    the builds). ``quiet=False`` shows Maven's output.
    """
    TARGET.mkdir(exist_ok=True)
    lock_path = TARGET / ".build.lock"
    with open(lock_path, "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        if force or not is_built():
            cmd = [_maven(), "-q", "-B", "-Dstyle.color=never", "package"]
            proc = subprocess.run(
                cmd,
                cwd=str(HERE),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            if not quiet or proc.returncode != 0:
                sys.stderr.write(proc.stdout)
            if proc.returncode != 0:
                raise Neo4jServerError(
                    f"Maven build of the Neo4j launcher failed ({' '.join(cmd)} in {HERE},"
                    f" exit {proc.returncode}):\n{_tail(proc.stdout)}"
                )
            # Maven may leave an unchanged jar/classpath file untouched: mark them fresh
            # so that the next call does not rebuild.
            now = time.time()
            for path in (JAR, CLASSPATH_FILE):
                os.utime(path, (now, now))
            if not is_built():
                raise Neo4jServerError(f"Maven succeeded but {JAR} or {CLASSPATH_FILE} is missing")
        classpath = f"{JAR}{os.pathsep}{_read_classpath()}"
        if _cds_wanted() and not _newer_than_build(CDS_ARCHIVE) and not _newer_than_build(CDS_FAILED):
            _make_cds_archive(classpath, quiet=quiet)
    return classpath


# Class-data sharing: a JVM archive of the ~10k classes that Neo4j loads at start-up,
# recorded once per build by a warm-up run; it cuts the CPU time of every later start
# by about a third. Disabled with NEO4J_CDS=0. A stale or foreign archive (other JDK,
# changed jars) is simply ignored by the JVM.
CDS_ARCHIVE = TARGET / "neo4j-launcher.jsa"
CDS_FAILED = TARGET / "neo4j-launcher.jsa.failed"
_CDS_QUIET = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]


def _cds_wanted() -> bool:
    return os.environ.get("NEO4J_CDS", "1") != "0"


def _newer_than_build(path: Path) -> bool:
    try:
        return path.stat().st_mtime >= max(JAR.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime)
    except OSError:
        return False


def _make_cds_archive(classpath: str, quiet: bool = True, timeout: float = 600.0) -> bool:
    tmp = TARGET / f"neo4j-launcher.jsa.{os.getpid()}.tmp"
    log_path = TARGET / "cds-warmup.log"
    work = Path(tempfile.mkdtemp(prefix="paperkg-neo4j-warmup-"))
    env = dict(os.environ, NEO4J_PASSWORD="warmup", NEO4J_DATA_DIR=str(work))
    cmd = [
        _java(),
        *DEFAULT_JAVA_OPTS,
        f"-XX:ArchiveClassesAtExit={tmp}",
        *_CDS_QUIET,
        "-cp",
        classpath,
        MAIN_CLASS,
        "0",
        "--warmup",
    ]
    if not quiet:
        print("Recording a class-data-sharing archive for faster Neo4j starts ...", file=sys.stderr, flush=True)
    try:
        with open(log_path, "wb") as log:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, timeout=timeout)
        ok = proc.returncode == 0 and tmp.exists() and READY_PREFIX in _read_text(log_path)
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if ok:
        os.replace(tmp, CDS_ARCHIVE)
        CDS_FAILED.unlink(missing_ok=True)
    else:
        tmp.unlink(missing_ok=True)
        # Remember the failure (until the next build) so that starts do not retry it.
        CDS_FAILED.write_text(_tail(_read_text(log_path)) + "\n", encoding="utf-8")
        sys.stderr.write(f"warning: no class-data-sharing archive for Neo4j (see {log_path}); starts are slower\n")
    return ok


# --------------------------------------------------------------------------- server


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.exists():
            return str(candidate)
    java = shutil.which("java")
    if not java:
        raise Neo4jServerError("java not found: install Java 17+ or set JAVA_HOME")
    return java


def admin_script(folder: Union[str, os.PathLike]) -> Path:
    """Write ``folder/neo4j-admin``: Neo4j's admin tool from the launcher's classpath, the same
    server version, so that a script calling ``neo4j-admin`` (the ``import.sh`` that ``kg export
    --format csv`` writes) runs as it would in an installed Neo4j. Put ``folder`` first on PATH and
    set NEO4J_HOME; the import writes ``$NEO4J_HOME/data``, which ``start(copy_from=NEO4J_HOME)``
    serves."""
    classpath = build()
    path = Path(folder) / "neo4j-admin"
    path.write_text(
        "#!/bin/sh\n"
        ': "${NEO4J_HOME:?set NEO4J_HOME to the folder the database goes to}"\n'
        # The tool reads $NEO4J_HOME/conf/neo4j.conf; an empty one means the defaults.
        'mkdir -p "$NEO4J_HOME/conf" && touch "$NEO4J_HOME/conf/neo4j.conf"\n'
        f'exec {shlex.quote(_java())} -cp {shlex.quote(classpath)} {ADMIN_CLASS} "$@"\n',
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


def _java_opts(java_opts: Optional[Sequence[str]]) -> List[str]:
    if java_opts is not None:
        return list(java_opts)
    env = os.environ.get("NEO4J_JAVA_OPTS")
    if env:
        return env.split()
    return list(DEFAULT_JAVA_OPTS)


_running: "set[Neo4jServer]" = set()
_running_lock = threading.Lock()


@atexit.register
def _stop_all() -> None:
    with _running_lock:
        servers = list(_running)
    for server in servers:
        try:
            server.stop()
        except Exception:  # pragma: no cover - best effort at interpreter exit
            pass


@dataclass(repr=False, eq=False)  # eq=False: servers are kept in a set by identity
class Neo4jServer:
    """A running Neo4j server started by :func:`start`.

    Attributes: ``uri`` (``bolt://127.0.0.1:PORT``), ``host``, ``port``, ``user``
    (``"neo4j"``), ``password``, ``data_dir``, ``log_path`` (launcher stdout+stderr),
    ``process`` (the :class:`subprocess.Popen` of the JVM), ``pid``.
    Use as a context manager or call :meth:`stop`.
    """

    process: subprocess.Popen
    uri: str
    password: str
    data_dir: Path
    log_path: Path
    owns_data_dir: bool
    user: str = USER
    host: str = field(init=False)
    port: int = field(init=False)

    def __post_init__(self) -> None:
        self.host, port = self.uri.split("://", 1)[1].rsplit(":", 1)
        self.port = int(port)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def auth(self) -> tuple:
        """``(user, password)``, ready for ``GraphDatabase.driver(uri, auth=...)``."""
        return (self.user, self.password)

    def is_running(self) -> bool:
        return self.process.poll() is None

    def log(self, lines: int = _LOG_TAIL_LINES) -> str:
        """The last ``lines`` lines of the launcher's output."""
        return _tail(_read_text(self.log_path), lines)

    def stop(self, timeout: float = 30.0) -> None:
        """Shut the server down cleanly (SIGTERM, then SIGKILL after ``timeout`` s)
        and delete its temporary data directory. Idempotent."""
        proc = self.process
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if proc.stdin is not None and not proc.stdin.closed:
            try:
                proc.stdin.close()
            except OSError:
                pass
        with _running_lock:
            _running.discard(self)
        if self.owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def wait(self) -> int:
        """Block until the server process exits; return its exit code."""
        return self.process.wait()

    def __enter__(self) -> "Neo4jServer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running() else f"exited({self.process.returncode})"
        return f"<Neo4jServer {self.uri} user={self.user!r} pid={self.pid} {state}>"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def start(
    port: Optional[int] = None,
    password: Optional[str] = None,
    data_dir: Optional[Union[str, os.PathLike]] = None,
    timeout: float = 180.0,
    java_opts: Optional[Sequence[str]] = None,
    pagecache: Optional[str] = None,
    copy_from: Optional[Union[str, os.PathLike]] = None,
) -> Neo4jServer:
    """Build the launcher if needed, start Neo4j and wait until Bolt accepts logins.

    :param port: Bolt port on 127.0.0.1; ``None`` or ``0`` lets the server pick a free
        one (no race: the actual port is read back from the server).
    :param password: password of user ``neo4j``; ``None`` generates a random one.
    :param data_dir: directory for the store and the log (created if missing, kept after
        stop); ``None`` uses a fresh temporary directory that :meth:`Neo4jServer.stop`
        deletes. The store itself always goes to a fresh subdirectory that Neo4j deletes
        on shutdown: every server starts empty, or from a copy of ``copy_from``.
    :param timeout: seconds to wait for the server (the Maven build is not counted).
    :param java_opts: JVM options; default ``$NEO4J_JAVA_OPTS`` or ``DEFAULT_JAVA_OPTS``
        (``LOAD_JAVA_OPTS`` for a server that loads corpora).
    :param pagecache: page cache size, e.g. ``"512m"``; default ``$NEO4J_PAGECACHE`` or 128m.
    :param copy_from: a Neo4j home whose ``data`` folder ``neo4j-admin database import`` wrote
        (see :func:`admin_script`): the server starts from a copy of it.
    :raises Neo4jServerError: with the last lines of the server log, if the server
        exits or does not become ready within ``timeout``.
    """
    classpath = build()
    if password is None:
        password = secrets.token_urlsafe(16)
    if not password:
        raise ValueError("password must not be empty")
    port = 0 if port is None else int(port)

    owns_data_dir = data_dir is None
    if data_dir is None:
        data_path = Path(tempfile.mkdtemp(prefix="paperkg-neo4j-"))
    else:
        data_path = Path(data_dir).resolve()
        data_path.mkdir(parents=True, exist_ok=True)
    log_path = data_path / "launcher.log"

    opts = _java_opts(java_opts)
    if _cds_wanted() and _newer_than_build(CDS_ARCHIVE) and not any(o.startswith(("-Xshare", "-XX:SharedArchiveFile")) for o in opts):
        opts += [f"-XX:SharedArchiveFile={CDS_ARCHIVE}", *_CDS_QUIET]
    cmd = [_java(), *opts, "-cp", classpath, MAIN_CLASS, str(port), "--exit-on-stdin-eof"]
    env = dict(os.environ)
    # Passed through the environment, not argv, so that it does not show in `ps`.
    env["NEO4J_PASSWORD"] = password
    env["NEO4J_DATA_DIR"] = str(data_path)
    env.pop("NEO4J_PORT", None)
    if pagecache:
        env["NEO4J_PAGECACHE"] = pagecache
    env.pop("NEO4J_COPY_FROM", None)
    if copy_from is not None:
        env["NEO4J_COPY_FROM"] = str(Path(copy_from).resolve())

    with open(log_path, "ab") as log:
        # stdin stays an open pipe: if this Python process dies, the pipe closes and the
        # launcher shuts itself down (--exit-on-stdin-eof), so no server is left behind.
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=str(data_path),
            start_new_session=True,
        )

    def fail(reason: str, grace: float = 0.0) -> Neo4jServerError:
        try:
            process.wait(timeout=grace)  # let it finish writing its stack trace
        except subprocess.TimeoutExpired:
            pass
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if process.stdin:
            process.stdin.close()
        tail = _tail(_read_text(log_path))
        if owns_data_dir:
            shutil.rmtree(data_path, ignore_errors=True)
            where = "the server log"
        else:
            where = str(log_path)
        return Neo4jServerError(f"Neo4j {reason}; last lines of {where}:\n{tail}")

    deadline = time.monotonic() + timeout
    while True:
        text = _read_text(log_path)
        for line in text.splitlines():
            if line.startswith(READY_PREFIX):
                server = Neo4jServer(process, line[len(READY_PREFIX):].strip(), password, data_path, log_path, owns_data_dir)
                with _running_lock:
                    _running.add(server)
                return server
            if line.startswith(FAILED_PREFIX):
                raise fail(f"failed to start: {line[len(FAILED_PREFIX):].strip()}", grace=10.0)
        if process.poll() is not None:
            raise fail(f"exited with code {process.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise fail(f"was not ready after {timeout:.0f} s (killed)")
        time.sleep(0.2)


# --------------------------------------------------------------------------- script


def load_options() -> dict:
    """`start()`'s options for a server that loads corpora, unless the environment names others."""
    return {"java_opts": None if os.environ.get("NEO4J_JAVA_OPTS") else LOAD_JAVA_OPTS,
            "pagecache": os.environ.get("NEO4J_PAGECACHE") or LOAD_PAGECACHE}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run a throw-away Neo4j 5.26 server (Bolt, auth on) until Ctrl-C.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("NEO4J_PORT") or SCRIPT_DEFAULT_PORT),
        help="Bolt port on 127.0.0.1, 0 for any free port (default: $NEO4J_PORT or %(default)s)",
    )
    parser.add_argument(
        "--password",
        default=os.environ.get("NEO4J_PASSWORD") or SCRIPT_DEFAULT_PASSWORD,
        help="password of user neo4j (default: $NEO4J_PASSWORD or %(default)r)",
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("NEO4J_DATA_DIR") or None,
        help="directory for the store and launcher.log (default: $NEO4J_DATA_DIR or a temp dir)",
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="start-up timeout in seconds")
    parser.add_argument("--test-options", action="store_true",
                        help="the tests' start-up-friendly JVM (C1 only, a fixed 1 GB heap, 128 MB page cache) instead of "
                             "LOAD_JAVA_OPTS and a 512 MB page cache; $NEO4J_JAVA_OPTS and $NEO4J_PAGECACHE override both")
    parser.add_argument("--build-only", action="store_true", help="only build the launcher, then exit")
    args = parser.parse_args(argv)

    if args.build_only:
        t0 = time.monotonic()
        build()
        print(f"Neo4j launcher is built ({time.monotonic() - t0:.1f} s)")
        return 0

    # Turn SIGTERM into a normal exit so that the server is stopped below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    print(f"Starting Neo4j on 127.0.0.1:{args.port or '<free port>'} ...", flush=True)
    t0 = time.monotonic()
    try:
        server = start(port=args.port, password=args.password, data_dir=args.data_dir, timeout=args.timeout,
                       **({} if args.test_options else load_options()))
    except Neo4jServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        print(
            f"Neo4j is ready ({time.monotonic() - t0:.1f} s).\n"
            f"  URI:      {server.uri}\n"
            f"  user:     {server.user}\n"
            f"  password: {server.password}\n"
            f"  log:      {server.log_path}\n"
            f"e.g.  export NEO4J_URI={server.uri} NEO4J_USER={server.user} NEO4J_PASSWORD={server.password}\n"
            f"Stop it with Ctrl-C (or: kill {os.getpid()}). Its data is deleted when it stops.",
            flush=True,
        )
        code = server.wait()
        print(f"Neo4j exited unexpectedly with code {code}; last lines of its log:\n{server.log()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping Neo4j ...", flush=True)
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
