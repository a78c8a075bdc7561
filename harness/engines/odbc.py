"""ODBC driver discovery for pyodbc.

Preference: Microsoft ODBC Driver 18 (system-registered, or the copy shipped in the `mssql-python-odbc` wheel,
registered through a generated odbcinst.ini and ODBCSYSINI), then FreeTDS (Debian `tdsodbc`).
Driver 18 supports everything the scripts and tests use, including table-valued parameters from Python;
FreeTDS runs plain batches but has no TVP support through ODBC, so TVP tests need Driver 18.
"""

from __future__ import annotations

import glob
import importlib.util
import os
from functools import lru_cache
from pathlib import Path

from harness import STATE_DIR

DRIVER18 = "ODBC Driver 18 for SQL Server"
FREETDS = "FreeTDS"
FREETDS_LIBS = ["/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so", "/usr/lib/aarch64-linux-gnu/odbc/libtdsodbc.so"]


def _wheel_driver18() -> str | None:
    spec = importlib.util.find_spec("mssql_python_odbc")
    if spec is None or not spec.origin:
        return None
    hits = sorted(glob.glob(str(Path(spec.origin).parent / "libs/linux/debian_ubuntu/*/lib/libmsodbcsql-18*.so*")))
    return hits[-1] if hits else None


@lru_cache(maxsize=1)
def driver() -> str:
    """Name of the ODBC driver to use; registers wheel-shipped drivers on first call."""
    import pyodbc  # noqa: PLC0415

    installed = pyodbc.drivers()
    if DRIVER18 in installed:
        return DRIVER18
    entries = {}
    wheel = _wheel_driver18()
    if wheel:
        entries[DRIVER18] = wheel
    tds = next((p for p in FREETDS_LIBS if os.path.exists(p)), None)
    if tds:
        entries[FREETDS] = tds
    if not entries:
        if FREETDS in installed:
            return FREETDS
        raise RuntimeError("no SQL Server ODBC driver: pip install mssql-python, or apt-get install tdsodbc")
    ini_dir = STATE_DIR / "odbc"
    ini_dir.mkdir(parents=True, exist_ok=True)
    text = "".join(f"[{name}]\nDescription={name}\nDriver={path}\n\n" for name, path in entries.items())
    (ini_dir / "odbcinst.ini").write_text(text, encoding="utf-8")
    os.environ["ODBCSYSINI"] = str(ini_dir)  # unixODBC reads it when a connection resolves its driver
    return DRIVER18 if DRIVER18 in entries else FREETDS


def connection_string(host: str, port: int, user: str, password: str, database: str = "master") -> str:
    name = driver()
    if name == DRIVER18:
        return (f"Driver={{{name}}};Server={host},{port};Database={database};UID={user};PWD={{{password}}};"
                "Encrypt=yes;TrustServerCertificate=yes;")
    return (f"Driver={{{name}}};Server={host};Port={port};Database={database};UID={user};PWD={{{password}}};"
            "TDS_Version=7.4;ClientCharset=UTF-8;")
