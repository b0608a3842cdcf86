"""Windows 11 / Windows 10 / other, from an OS name and a version or build number.

Windows 10, 11 and Server all report version 10.0: the build number decides (client builds
≥ 22000 are Windows 11), and a server is never counted as a workstation, because Server 2025
shares build 26100 with Windows 11 24H2.
"""

import re

from gouvernail.inventory.choices import OsClass

FIRST_WINDOWS_11_BUILD = 22000
FIRST_WINDOWS_10_BUILD = 10240
_NT_VERSION = re.compile(r"^\s*10\.0\.(\d{5})")
_BARE_BUILD = re.compile(r"^\s*(\d{5})(?:\.\d+)?\s*$")


def build_number(version: str) -> int | None:
    """22631 from "10.0.22631", "10.0.22631.4317" or "22631"; None for "23H2" or ""."""
    match = _NT_VERSION.match(version or "") or _BARE_BUILD.match(version or "")
    return int(match.group(1)) if match else None


def classify_os(name: str, version: str, *, is_server: bool = False) -> str:
    name = (name or "").lower()
    if not name and not version:
        return OsClass.UNKNOWN
    if is_server or "server" in name:
        return OsClass.OTHER
    build = build_number(version)
    if build is not None and (not name or "windows" in name):
        if build >= FIRST_WINDOWS_11_BUILD:
            return OsClass.WINDOWS_11
        if build >= FIRST_WINDOWS_10_BUILD:
            return OsClass.WINDOWS_10
        return OsClass.OTHER
    if re.search(r"windows\s*11\b", name):
        return OsClass.WINDOWS_11
    if re.search(r"windows\s*10\b", name):
        return OsClass.WINDOWS_10
    return OsClass.OTHER
