"""Read side of the gazetteer: name look-ups, places by id and nearby places.

A :class:`Gazetteer` opens the bundled database read-only and, when present, the user database
(rows added with ``frontwatch gazetteer import``) attached beside it. Look-ups are cached per instance.
"""

from __future__ import annotations

import sqlite3
import threading
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from frontwatch.errors import GazetteerError
from frontwatch.geo.entry import Candidate
from frontwatch.geo.normalize import skeleton_key, vowel_fold

# User rows get pids above this offset so they never collide with bundled pids.
USER_PID_OFFSET = 1_000_000_000
# At most this many readings of one name are considered (largest populations first): "Springfield"
# has ~60 in cities500; no real name needs more.
MAX_CANDIDATES = 400
# Fuzzy (skeleton) readings must also spell alike: difflib ratio of the vowel-folded keys
# ("dayr al zawr" and "deir al zor" both fold to "der zor": 1.0; "khayelitsha"/"kielce" differ).
FUZZY_RATIO = 0.8
# Cache sizes (entries): enough for a large corpus's distinct phrases, small in memory.
CACHE_SIZE = 200_000

_COLUMNS = ("p.pid, p.geonameid, p.name, p.latitude, p.longitude, p.country, p.admin1, p.admin1_code, "
            "p.feature_class, p.feature_code, p.population, p.layer, p.quality")


def _initials(key: str) -> str:
    return "".join(t[0] for t in key.split(" ") if t and t != "al")


class Gazetteer:
    def __init__(self, path: Path, user_path: Path | None = None) -> None:
        if not path.is_file():
            raise GazetteerError(f"gazetteer database not found: {path}")
        try:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self.conn.execute("PRAGMA query_only=1")
            self.conn.execute("PRAGMA cache_size=-32000")
            self.has_user = False
            if user_path is not None and user_path.is_file():
                self.conn.execute("ATTACH DATABASE ? AS user", (f"file:{user_path}?mode=ro",))
                self.has_user = bool(self.conn.execute("SELECT COUNT(*) FROM user.places").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"cannot open the gazetteer {path}: {exc}") from exc
        self.path = path
        self.user_path = user_path
        self._lock = threading.Lock()
        self._names: dict[str, tuple[Candidate, ...]] = {}
        self._skels: dict[str, tuple[Candidate, ...]] = {}
        self._heads: dict[str, int] = {}

    def close(self) -> None:
        self.conn.close()

    def _query(self, sql: str, args: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            rows = self.conn.execute(sql, args).fetchall()
            if self.has_user:
                user_sql = sql.replace(" places p", " user.places p").replace(" names n", " user.names n").replace(
                    " skeletons s", " user.skeletons s")
                rows += [(int(r[0]) + USER_PID_OFFSET, *r[1:]) for r in self.conn.execute(user_sql, args).fetchall()]
        return rows

    @staticmethod
    def _candidate(row: tuple[Any, ...], kind: int, fuzzy: bool = False) -> Candidate:
        return Candidate(
            pid=int(row[0]), geonameid=int(row[1]) if row[1] is not None else None,
            name=str(row[2]), latitude=float(row[3]), longitude=float(row[4]),
            country=row[5] if isinstance(row[5], str) else None, admin1=row[6] if isinstance(row[6], str) else None,
            admin1_code=row[7] if isinstance(row[7], str) else None, feature_class=str(row[8]),
            feature_code=str(row[9]), population=int(row[10] or 0),
            layer=str(row[11]), quality=float(row[12]), kind=kind, fuzzy=fuzzy,
        )

    def lookup(self, key: str) -> tuple[Candidate, ...]:
        """Places with a name whose tier-1 key is ``key``."""
        if not key:
            return ()
        hit = self._names.get(key)
        if hit is not None:
            return hit
        rows = self._query(
            f"SELECT {_COLUMNS}, n.kind FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ? "
            f"ORDER BY p.population DESC LIMIT {MAX_CANDIDATES}", (key,))
        found = self._prefer_user(tuple(self._candidate(r, int(r[13])) for r in rows))
        self._remember(self._names, key, found)
        return found

    def lookup_skeleton(self, key: str) -> tuple[Candidate, ...]:
        """Fuzzy readings of a tier-1 ``key``: places with a name of the same consonant skeleton, the
        same initials word by word, and a similar spelling (``FUZZY_RATIO``)."""
        skel = skeleton_key(key)
        if not skel:
            return ()
        hit = self._skels.get(key)
        if hit is not None:
            return hit
        rows = self._query(
            f"SELECT {_COLUMNS}, s.key FROM skeletons s JOIN places p ON p.pid = s.pid WHERE s.skel = ? "
            f"ORDER BY p.population DESC LIMIT {MAX_CANDIDATES}", (skel,))
        want = _initials(key)
        seen: set[int] = set()
        found_list: list[Candidate] = []
        for r in rows:
            other = str(r[13])
            if int(r[0]) in seen or _initials(other) != want:
                continue
            if SequenceMatcher(None, vowel_fold(key), vowel_fold(other)).ratio() < FUZZY_RATIO:
                continue
            seen.add(int(r[0]))
            found_list.append(self._candidate(r, 2, fuzzy=True))
        found = self._prefer_user(tuple(found_list))
        self._remember(self._skels, key, found)
        return found

    def head_tokens(self, head: str) -> int:
        """The most tokens of any name starting with token ``head`` (0: no name starts with it)."""
        hit = self._heads.get(head)
        if hit is not None:
            return hit
        with self._lock:
            row = self.conn.execute("SELECT max_tokens FROM heads WHERE head = ?", (head,)).fetchone()
            n = int(row[0]) if row else 0
            if self.has_user:
                urow = self.conn.execute("SELECT max_tokens FROM user.heads WHERE head = ?", (head,)).fetchone()
                n = max(n, int(urow[0]) if urow else 0)
        if len(self._heads) < CACHE_SIZE:
            self._heads[head] = n
        return n

    def by_geonameid(self, geonameid: int) -> Candidate | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM places p WHERE p.geonameid = ? LIMIT 1", (geonameid,))
        return self._candidate(rows[0], 0) if rows else None

    def country(self, iso2: str) -> Candidate | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM places p WHERE p.feature_code = 'PCLI' AND p.country = ? "
                           "LIMIT 1", (iso2,))
        return self._candidate(rows[0], 0) if rows else None

    def admin1(self, code: str) -> Candidate | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM places p WHERE p.feature_code = 'ADM1' AND p.admin1_code = ? "
                           "LIMIT 1", (code,))
        return self._candidate(rows[0], 0) if rows else None

    def near(self, lat: float, lon: float, radius_deg: float, codes: tuple[str, ...] = (),
             country: str | None = None) -> list[Candidate]:
        """Places within a latitude/longitude box around a point, optionally of some feature codes."""
        sql = (f"SELECT {_COLUMNS} FROM places p WHERE p.latitude BETWEEN ? AND ? AND p.longitude BETWEEN ? AND ?")
        args: list[object] = [lat - radius_deg, lat + radius_deg, lon - radius_deg * 1.5, lon + radius_deg * 1.5]
        if codes:
            sql += f" AND p.feature_code IN ({','.join('?' * len(codes))})"
            args += list(codes)
        if country:
            sql += " AND p.country = ?"
            args.append(country)
        return [self._candidate(r, 0) for r in self._query(sql, tuple(args))]

    def by_codes(self, codes: tuple[str, ...], countries: tuple[str, ...]) -> list[Candidate]:
        """Places of some feature codes in some countries (ISO2)."""
        sql = (f"SELECT {_COLUMNS} FROM places p WHERE p.feature_code IN ({','.join('?' * len(codes))}) "
               f"AND p.country IN ({','.join('?' * len(countries))})")
        return [self._candidate(r, 0) for r in self._query(sql, (*codes, *countries))]

    def stats(self) -> dict[str, int]:
        with self._lock:
            out = {str(layer): int(n) for layer, n in
                   self.conn.execute("SELECT layer, COUNT(*) FROM places GROUP BY layer")}
            out["names"] = int(self.conn.execute("SELECT COUNT(*) FROM names").fetchone()[0])
            if self.has_user:
                out["user"] = out.get("user", 0) + int(
                    self.conn.execute("SELECT COUNT(*) FROM user.places").fetchone()[0])
        return out

    def _prefer_user(self, found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
        """Imported rows replace bundled rows of the same GeoNames id (GeoNames' own points)."""
        if not self.has_user:
            return found
        imported = {c.geonameid for c in found if c.pid >= USER_PID_OFFSET and c.geonameid is not None}
        if not imported:
            return found
        return tuple(c for c in found if c.pid >= USER_PID_OFFSET or c.geonameid not in imported)

    @staticmethod
    def _remember(cache: dict[str, tuple[Candidate, ...]], key: str, value: tuple[Candidate, ...]) -> None:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cache[key] = value
