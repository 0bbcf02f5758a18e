"""One SPARQL query in a child process that is killed at its time limit (``kg serve``).

pyoxigraph cannot interrupt a query (oxigraph issue #1926), and a parser stack overflow kills
the process it runs in. ``kg serve`` therefore evaluates each query in a fresh process forked
from a clean ``forkserver`` (pyoxigraph and rdflib already imported, so a start costs
milliseconds): the child opens the graph read-only from an Oxigraph store on disk, runs the
checks of :mod:`kg.sparql_guard`, evaluates, serialises, and sends back at most ``max_bytes``.
At the time limit the parent kills it, so the evaluation really stops and its slot is free;
if the child dies (a crash, out of memory) the server answers an error and goes on. On Linux
the child also cannot open network sockets (seccomp, :func:`deny_network`).
"""
from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from pathlib import Path

import rdflib.plugins.sparql.parser  # noqa: F401 (imported once in the forkserver, not per query)

from kg.query import (QueryError, QuerySyntaxError, QueryTimeout, QueryTooComplex, ResultTooLarge,
                      ServerBusy, UpdateRefused, execute, format_result)

__all__ = ["run_isolated", "warm_up", "deny_network", "QueryCrashed", "START_TIMEOUT_S"]

START_TIMEOUT_S = 30.0  # seconds a worker may take to start and open the store

_ERRORS = {cls.__name__: cls for cls in (QueryError, QuerySyntaxError, QueryTooComplex, ResultTooLarge,
                                         UpdateRefused)}


class QueryCrashed(QueryError):
    """The worker process died while running the query (the server itself goes on)."""


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kg.sparql_worker"])
        return ctx
    return multiprocessing.get_context("spawn")


# seccomp: refuse socket() for every family but AF_UNIX (and io_uring, which can make sockets).
_AUDIT_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}  # arch id, socket() number
_IO_URING_SETUP = 425


def deny_network() -> bool:
    """Make this process unable to open network sockets (Linux seccomp; x86-64 and ARM64).

    A second line behind :mod:`kg.sparql_guard`: even a SERVICE the checks missed cannot
    connect anywhere. Returns False where unsupported (the checks still hold)."""
    import ctypes
    import platform
    import struct

    arch = _AUDIT_ARCH.get(platform.machine())
    if arch is None or not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    audit_arch, socket_nr = arch
    ld_w_abs, jeq_k, jge_k, ret_k = 0x20, 0x15, 0x35, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
    program = [
        (ld_w_abs, 0, 0, 4),                  # A = arch
        (jeq_k, 1, 0, audit_arch),            # other ABI: deny
        (ret_k, 0, 0, deny),
        (ld_w_abs, 0, 0, 0),                  # A = syscall number
        (jge_k, 0, 1, 0x40000000),            # x32 ABI: deny
        (ret_k, 0, 0, deny),
        (jeq_k, 0, 1, _IO_URING_SETUP),
        (ret_k, 0, 0, deny),
        (jeq_k, 0, 3, socket_nr),             # not socket(): allow
        (ld_w_abs, 0, 0, 16),                 # A = family (first argument)
        (jeq_k, 1, 0, 1),                     # AF_UNIX: allow
        (ret_k, 0, 0, deny),
        (ret_k, 0, 0, allow),
    ]
    filters = b"".join(struct.pack("=HBBI", *insn) for insn in program)
    buffer = ctypes.create_string_buffer(filters)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(len(program), ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(pr_set_seccomp, seccomp_mode_filter, ctypes.byref(prog), 0, 0) == 0


def _child(conn: Connection, store_path: str, query: str, formats: dict[str, str | None],
           max_results: int | None, max_bytes: int | None) -> None:
    import pyoxigraph as ox

    deny_network()
    try:
        store = ox.Store.read_only(store_path)
        conn.send(("ready",))  # the time limit starts now, not while the process starts
        result = execute(store, query, max_results=max_results)
        fmt = formats.get(result.kind)
        body = format_result(result, fmt).encode("utf-8") if fmt else b""
        if max_bytes is not None and len(body) > max_bytes:
            raise ResultTooLarge(f"the result is {len(body):,} bytes, more than this server's limit of "
                                 f"{max_bytes:,}; add a LIMIT or select fewer or shorter values")
        conn.send(("ok", result.kind, body))
    except QueryError as err:
        name = type(err).__name__
        conn.send(("error", name if name in _ERRORS else "QueryError", str(err)))
    except Exception as err:  # noqa: BLE001 (reported to the parent as one line)
        conn.send(("error", "QueryError", f"query failed: {type(err).__name__}: {err}"))
    finally:
        conn.close()


def _noop() -> None:
    pass


def warm_up() -> None:
    """Start the forkserver (and its imports) now rather than on the first query."""
    proc = _context().Process(target=_noop, daemon=True)
    proc.start()
    proc.join(START_TIMEOUT_S)


def run_isolated(store_path: Path, query: str, formats: dict[str, str | None], *,
                 timeout_s: float | None, max_results: int | None = None,
                 max_bytes: int | None = None) -> tuple[str, bytes]:
    """Run ``query`` over the store at ``store_path`` in a child process.

    ``formats`` maps a result kind (``select``, ``ask``, ``graph``) to a :func:`kg.query.format_result`
    format, or None to get no body. Returns ``(kind, body)``; raises the :class:`kg.query.QueryError`
    the child raised, :class:`QueryTimeout` (the child is killed) or :class:`QueryCrashed`.
    """
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, name="kg-sparql-worker", daemon=True,
                       args=(child, str(store_path), query, formats, max_results, max_bytes))
    proc.start()
    child.close()
    try:
        try:
            status, *rest = parent.recv() if parent.poll(START_TIMEOUT_S) else ("slow",)
            if status == "ready":
                if not parent.poll(timeout_s):
                    raise QueryTimeout(f"query stopped: it ran past the {timeout_s:g} s time limit")
                status, *rest = parent.recv()
            elif status == "slow":
                raise ServerBusy("busy: the query process did not start in time; retry shortly")
        except (EOFError, OSError):
            raise QueryCrashed("the query engine stopped on this query (its process died); "
                               "the server goes on") from None
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        if hasattr(proc, "close") and proc.exitcode is not None:
            proc.close()
    if status == "ok":
        kind, body = rest
        return kind, body
    name, message = rest
    raise _ERRORS.get(name, QueryError)(message)
