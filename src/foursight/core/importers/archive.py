"""Safe reading of zip exports: every member hashed, bombs and traversal refused.

A zip is checked as a whole before any member is used: too many members, a member or a
total that would decompress beyond the limits, a suspicious compression ratio, an
encrypted member, a symbolic link, a duplicate name or a name that climbs out of the
archive (``../``, absolute paths, drive letters) reject the file. While reading, the
decompressed byte count is enforced again, so a header that lies about sizes does not help.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
from dataclasses import dataclass

from foursight.core.importers.base import ArchiveLimits, ImportContext, Member, OpenedSource

_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class SafeZip:
    """A checked zip archive. ``read`` returns a member's bytes within the limits."""

    src: OpenedSource
    archive: zipfile.ZipFile
    limits: ArchiveLimits
    names: tuple[str, ...]

    def read(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        out = bytearray()
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > min(info.file_size, self.limits.max_member_bytes):
                        raise self.src.reject(
                            f"member {name!r}", "decompresses to more bytes than its header states"
                        )
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise self.src.reject(f"member {name!r}", f"corrupt member ({exc})") from exc
        return bytes(out)

    def hash_member(self, name: str) -> tuple[str, int]:
        """SHA-256 and size of a member, streamed (media can be large)."""
        info = self.archive.getinfo(name)
        digest = hashlib.sha256()
        size = 0
        with self.archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > min(info.file_size, self.limits.max_member_bytes):
                    raise self.src.reject(
                        f"member {name!r}", "decompresses to more bytes than its header states"
                    )
                digest.update(chunk)
        return digest.hexdigest(), size


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name:
        return True
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in name.split("/"))


def open_zip(src: OpenedSource, ctx: ImportContext) -> SafeZip:
    """Check the whole archive, hash every member into ``ctx.members``, return it open."""
    limits = ctx.limits
    try:
        archive = zipfile.ZipFile(src.stream)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise src.reject("byte 0", f"not a readable zip archive ({exc})") from exc
    if len(infos) > limits.max_members:
        raise src.reject("central directory", f"{len(infos)} members exceed the limit")
    seen: set[str] = set()
    total = 0
    for info in infos:
        where = f"member {info.filename!r}"
        if _unsafe_name(info.filename):
            raise src.reject(where, "unsafe member name (path traversal or absolute path)")
        if info.filename in seen:
            raise src.reject(where, "duplicate member name")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise src.reject(where, "encrypted member")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise src.reject(where, "symbolic link member")
        if info.file_size > limits.max_member_bytes:
            raise src.reject(where, f"member of {info.file_size} bytes exceeds the size limit")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise src.reject(where, "archive decompresses beyond the total size limit")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise src.reject(where, f"compression ratio {ratio:.0f}:1 suggests a zip bomb")
    names = tuple(sorted(i.filename for i in infos if not i.is_dir()))
    safe = SafeZip(src, archive, limits, names)
    for name in names:
        try:
            digest, size = safe.hash_member(name)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise src.reject(f"member {name!r}", f"corrupt member ({exc})") from exc
        ctx.members.append(Member(src.sha256, name, digest, size))
    return safe
