"""What machine a benchmark ran on, read once for every bench script (Linux /proc; None elsewhere)."""
from __future__ import annotations

from pathlib import Path


def _proc_line(name: str, prefix: str) -> str | None:
    try:
        return next((line for line in Path("/proc", name).read_text().splitlines() if line.startswith(prefix)), None)
    except OSError:
        return None


def ram_gib() -> float | None:
    """Total memory in GiB (MemTotal)."""
    line = _proc_line("meminfo", "MemTotal")
    return int(line.split()[1]) / 2**20 if line else None


def cpu_model() -> str | None:
    """The CPU's model name (the first core's)."""
    line = _proc_line("cpuinfo", "model name")
    return line.split(":", 1)[1].strip() if line else None
