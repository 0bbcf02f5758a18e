"""The output folder of ``kg build``: what may be replaced, the lock, the staging folder, the swap.

Rules (docs/security.md):

* A build replaces only a folder that an earlier build wrote — it holds the marker file
  :data:`MARKER` — or an empty one. Anything else (a user's folder, a file, the input itself or a
  folder holding it, the current folder) is refused before any work, and nothing is touched.
* A symbolic link given as the output is followed: the folder it points to is the output (and
  must itself pass the rules); a link to nothing is refused.
* One build at a time per output: :class:`FolderLock` holds an exclusive ``flock`` on
  ``.NAME.lock`` beside the folder; a second build is refused at once with one line.
* Files are written into a staging folder beside the output (``.NAME.building-XXXX``, marked
  from its creation) and swapped in at the end; the previous output is renamed to a fresh
  ``.NAME.previous-XXXX`` and removed, so a user's folder of any fixed name is never deleted.
  Under the lock, staging and backup folders that killed builds left behind (marked or empty)
  are removed.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".hadath-build"
MARKER_TEXT = "Written by kg build (Hadath). The next kg build into this folder replaces all of it.\n"
STAGING_INFIX = ".building-"
BACKUP_INFIX = ".previous-"


class OutputRefused(OSError):
    """The output path may not be replaced or written (``filename`` names it): nothing was touched."""

    def __init__(self, path: Path, reason: str, code: int = errno.EEXIST):
        super().__init__(code, reason, str(path))


def is_build_output(folder: Path) -> bool:
    """True for a folder an earlier ``kg build`` wrote (it holds the marker file)."""
    return (folder / MARKER).is_file() and not (folder / MARKER).is_symlink()


def _is_empty_folder(folder: Path) -> bool:
    try:
        return not any(os.scandir(folder))
    except OSError:
        return False


def check_output(out: Path, *, source: Path | None = None, what: str = "output folder",
                 replaceable=is_build_output) -> Path:
    """The output path, resolved, if a build may write it; :class:`OutputRefused` otherwise.

    ``replaceable`` says whether an existing, non-empty folder may be replaced (default: it
    holds the marker); ``source`` is the input, which the output may neither be nor contain."""
    given = Path(out)
    if given.is_symlink() and not given.exists():
        raise OutputRefused(given, f"the {what} is a symbolic link to nothing; give a folder", errno.ENOENT)
    target = given.resolve()
    if target.parent == target:  # "/" (or a drive root): not a folder a build may replace
        raise OutputRefused(given, f"the {what} cannot be the root of the file system", errno.EINVAL)
    if source is not None:
        src = Path(source).resolve()
        if target == src or target in src.parents:
            raise OutputRefused(given, f"the {what} is the input or a folder holding it; "
                                       "choose another -o", errno.EINVAL)
    cwd = Path.cwd().resolve()
    if target == cwd or target in cwd.parents:
        raise OutputRefused(given, f"the {what} is the current folder or holds it; choose another -o",
                            errno.EINVAL)
    if target.exists():
        if not target.is_dir():
            raise OutputRefused(given, f"exists and is not a folder; refusing to replace it with the {what}")
        if not (_is_empty_folder(target) or replaceable(target)):
            raise OutputRefused(given, f"exists and was not written by kg build (no {MARKER} file in it); "
                                       "refusing to replace it: choose another -o, or empty it first")
    return target


# ---- the lock ---------------------------------------------------------------------------------


class FolderLock:
    """An exclusive, non-blocking ``flock`` on ``.NAME.lock`` beside ``folder``.

    A second holder is refused at once (:class:`OutputRefused`, EBUSY). The lock file is removed
    on release; an acquirer checks that the file it locked is still the one at the path (the
    holder may have removed it in between) and tries again if not. A killed holder's lock is
    released by the kernel; its file stays and is reused."""

    def __init__(self, folder: Path, what: str = "output folder"):
        self.folder = Path(folder)
        self.path = self.folder.with_name(f".{self.folder.name}.lock")
        self.what = what
        self.fd: int | None = None

    def acquire(self) -> FolderLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                raise OutputRefused(self.folder, f"another kg build is writing this {self.what}"
                                                 + (f" (process {holder})" if holder.isdigit() else "")
                                                 + "; try again when it ends", errno.EBUSY) from None
            except BaseException:
                os.close(fd)
                raise
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
                self.fd = fd
                return self
            os.close(fd)  # the previous holder removed that file as we locked it: lock the new one
        raise OutputRefused(self.folder, f"cannot lock the {self.what}", errno.EBUSY)

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


# ---- staging, swapping and cleaning up ----------------------------------------------------------


def staging_folder(out: Path) -> Path:
    """A new, marked staging folder beside ``out``, with the permissions of an ordinary folder."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}{STAGING_INFIX}", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the output folder should not be
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return staging


def replace_folder(staging: Path, out: Path, *, replaceable=is_build_output) -> None:
    """Swap a finished staging folder into place; the previous output survives until then.

    The target is checked again just before the swap (a user may have put something there
    meanwhile): if it may no longer be replaced, the staging folder is removed and
    :class:`OutputRefused` raised."""
    out = Path(out)
    if out.is_symlink() or (out.exists() and not (out.is_dir() and (_is_empty_folder(out) or replaceable(out)))):
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputRefused(out, "changed during the build and may no longer be replaced; the new output was dropped")
    backup = None
    if out.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{out.name}{BACKUP_INFIX}", dir=out.parent))
        os.rename(out, backup)  # onto the empty folder just made: a fresh name, never a user's
    try:
        os.rename(staging, out)
    except BaseException:
        if backup is not None:
            os.rename(backup, out)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def remove_stale(out: Path, *, ours=is_build_output) -> list[Path]:
    """Staging and backup folders of ``out`` that killed builds left behind; call under the lock.

    Only folders named ``.NAME.building-*`` or ``.NAME.previous-*`` that are empty or ``ours``
    (marked) are removed; the removed paths are returned."""
    out = Path(out).resolve()
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    prefixes = (f".{out.name}{STAGING_INFIX}", f".{out.name}{BACKUP_INFIX}")
    for entry in sorted(out.parent.iterdir()):
        if (entry.name.startswith(prefixes) and not entry.is_symlink() and entry.is_dir()
                and (_is_empty_folder(entry) or ours(entry))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed
