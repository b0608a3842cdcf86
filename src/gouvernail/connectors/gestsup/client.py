"""Read-only SQL access to a GestSup database over PyMySQL.

Only SELECTs, inside a read-only transaction with a consistent snapshot: every table is read
as of the same instant, so tickets and the labels they point at agree. Tickets are streamed
(server-side cursor) so that memory does not grow with the size of the helpdesk.

GestSup stores "no value" as 0 or as the zero date `0000-00-00`; PyMySQL cannot turn a zero
date into a datetime and returns it as a string, which `mapper.source_datetime` reads as None.
"""

import re
from collections.abc import Iterator

import pymysql
import pymysql.cursors

from gouvernail.connectors import network
from gouvernail.connectors.errors import Diagnosis

__all__ = ("ConnectionProblem", "GestsupClient", "SUPPORTED_VERSIONS", "TICKET_COLUMNS", "diagnose")

# The columns read from tincidents, and nothing more: no title, no description, no requester.
TICKET_COLUMNS = (
    "id",
    "type",
    "state",
    "category",
    "subcat",
    "u_service",
    "u_agency",
    "place",
    "date_create",
    "date_res",
    "date_modif",
    "time",
    "disable",
    "template",
    # The technician group (a team, mapped to the vendor that handles its requests), never the technician.
    "t_group",
)
ASSET_COLUMNS = (
    "id",
    "sn_internal",
    "sn_manufacturer",
    "netbios",
    "type",
    "manufacturer",
    "model",
    "state",
    "department",
    "location",
    "date_end_warranty",
    "disable",
)
# Tables the connector reads; a missing one is diagnosed by name.
REQUIRED_TABLES = (
    "tincidents",
    "tstates",
    "ttypes",
    "tcategory",
    "tsubcat",
    "tservices",
    "tplaces",
    "tagencies",
    "tgroups",
    "tparameters",
)
ASSET_TABLES = ("tassets", "tassets_type", "tassets_model", "tassets_state", "tassets_location", "tassets_manufacturer")
# Versions whose schema we read (3.1.30 and 3.2.55 checked): the columns above exist in both.
SUPPORTED_VERSIONS = ((3, 1), (3, 2))
SOURCE_NAME = "GestSup"
# Seconds the reads of a sync may wait for the server (a COUNT or a sorted read of a large
# helpdesk starts slowly); the handshake and a probe wait network.PROBE_TIMEOUT.
SYNC_READ_TIMEOUT = 600
# What the driver reports when the line fails (connect, DNS, reset, timeout, a server that
# does not speak MySQL): said with network.unreachable_message, like every source.
NETWORK_ERRORS = (2002, 2003, 2005, 2006, 2013, 2055)


class ConnectionProblem(Exception):
    """A French, credential-free explanation of why GestSup cannot be read."""


def _problem_from(error: pymysql.err.MySQLError, *, host: str, port: int, database: str) -> ConnectionProblem:
    """Translates a driver error into French. The driver's own text is never shown: it may
    quote the account, and a message that travels to pages and logs must stay credential-free."""
    code = error.args[0] if error.args and isinstance(error.args[0], int) else None
    if code in (2003, 2005):
        return unreachable()
    if code in (1045, 1044, 1698):
        return ConnectionProblem("Identifiants refusés : l'utilisateur ou le mot de passe est incorrect.")
    if code == 1049:
        return ConnectionProblem(f"Base de données inconnue : « {database} » n'existe pas sur ce serveur.")
    if code == 1146:
        table = re.search(r"\.([A-Za-z0-9_]+)' doesn't exist", str(error))
        name = table.group(1) if table else "?"
        return ConnectionProblem(f"Table manquante : « {name} » (est-ce bien une base GestSup ?).")
    if code in (2006, 2013, 2014, 1927, 1053):
        return ConnectionProblem("La connexion au serveur GestSup a été coupée pendant la lecture.")
    if code == 1142:
        return ConnectionProblem("Droits insuffisants : le compte ne peut pas lire toutes les tables nécessaires.")
    return ConnectionProblem(f"Erreur de la base GestSup (code {code or 'inconnu'}).")


def unreachable() -> ConnectionProblem:
    return ConnectionProblem(f"{network.unreachable_message(SOURCE_NAME)} {network.UNREACHABLE_ADVICE}")


def parse_version(text: str) -> tuple[int, ...] | None:
    match = re.match(r"^\s*(\d+)\.(\d+)(?:\.(\d+))?", text or "")
    return tuple(int(part) for part in match.groups() if part is not None) if match else None


class GestsupClient:
    """One connection to one GestSup database. Use as a context manager."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        database: str,
        user: str,
        password: str,
        table_prefix: str = "",
        connect_timeout: float | None = None,
        timeout: float | None = None,
        read_timeout: float = SYNC_READ_TIMEOUT,
    ):
        """`timeout` bounds each read and write of the handshake (a port that accepts and never
        answers fails within it); `read_timeout` the reads after it. Both default to the
        `connectors.network` bounds, read at call time."""
        if not re.fullmatch(r"[A-Za-z0-9_]*", table_prefix or ""):
            raise ConnectionProblem("Le préfixe des tables n'est pas valide.")
        self.host, self.port, self.database = host, port, database
        self._settings = {
            "host": host,
            "port": port,
            "user": user,
            "password": password,
            "database": database,
            "charset": "utf8mb4",
            "connect_timeout": connect_timeout or network.CONNECT_TIMEOUT,
            "read_timeout": timeout or network.PROBE_TIMEOUT,
            "write_timeout": timeout or network.PROBE_TIMEOUT,
            "autocommit": False,
        }
        # A line that goes silent fails the run instead of hanging the worker forever.
        self.read_timeout = read_timeout
        self.prefix = table_prefix or ""
        self.connection: pymysql.connections.Connection | None = None

    def __enter__(self) -> "GestsupClient":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _translate(self, error: pymysql.err.MySQLError) -> ConnectionProblem:
        return _problem_from(error, host=self.host, port=self.port, database=self.database)

    def _connect(self) -> pymysql.connections.Connection:
        """The connection, to an address the destination policy allows (`connectors.network`),
        tried in the resolver's order. Any failure before MySQL speaks is one neutral problem."""
        try:
            addresses = network.checked_addresses(self.host, self.port)
        except network.DestinationRefused as refused:
            network.log_failure(SOURCE_NAME, self.host, self.port, refused)
            raise unreachable() from None
        for address in addresses:
            try:
                return pymysql.connect(**{**self._settings, "host": address})
            except pymysql.err.MySQLError as error:
                code = error.args[0] if error.args and isinstance(error.args[0], int) else None
                if code not in NETWORK_ERRORS:
                    raise
                network.log_failure(SOURCE_NAME, address, self.port, error)
            except Exception as error:  # noqa: BLE001 — a server that is not MySQL: garbage in the handshake
                network.log_failure(SOURCE_NAME, address, self.port, error)
        raise unreachable()

    def open(self) -> None:
        try:
            self.connection = self._connect()
            with self.connection.cursor() as cursor:
                # One snapshot for the whole read, and a promise to the server that we write nothing.
                # A streamed read leaves rows waiting on the server while a batch is written
                # here: the server's default patience (60 s) is too short for a slow batch.
                cursor.execute("SET SESSION net_write_timeout = 600")
                cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
            # Past the handshake, the reads may wait longer (PyMySQL applies these on each read).
            self.connection._read_timeout = self.connection._write_timeout = self.read_timeout
        except pymysql.err.MySQLError as error:
            self.close()
            raise self._translate(error) from None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except pymysql.err.Error:
                pass  # already cut: nothing left to release
            self.connection = None

    def thread_id(self) -> int:
        return self.connection.thread_id()

    def table(self, name: str) -> str:
        return f"`{self.prefix}{name}`"

    def fetch_all(self, sql: str, params=()) -> list[tuple]:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                return list(cursor.fetchall())
        except pymysql.err.MySQLError as error:
            raise self._translate(error) from None

    #
    # Checks
    #

    def version(self) -> str:
        rows = self.fetch_all(f"SELECT `version` FROM {self.table('tparameters')} ORDER BY `id` LIMIT 1")
        return str(rows[0][0]) if rows else ""

    def check(self) -> str:
        """Raises ConnectionProblem unless every table we read exists and the version is supported."""
        for name in (*REQUIRED_TABLES, *ASSET_TABLES):
            self.fetch_all(f"SELECT 1 FROM {self.table(name)} LIMIT 0")
        version = self.version()
        parsed = parse_version(version)
        if parsed is None or parsed[:2] not in SUPPORTED_VERSIONS:
            supported = ", ".join(f"{major}.{minor}.x" for major, minor in SUPPORTED_VERSIONS)
            raise ConnectionProblem(
                f"Version de GestSup non prise en charge : « {version or 'inconnue'} » (versions lues : {supported})."
            )
        return version

    #
    # Reads
    #

    def labels(self, table: str) -> dict[int, str]:
        """{id: name} of a lookup table (states, types, categories, services, places…)."""
        return {
            row[0]: (row[1] or "").strip() for row in self.fetch_all(f"SELECT `id`, `name` FROM {self.table(table)}")
        }

    def states(self) -> dict[int, tuple[str, int]]:
        """{id: (name, meta)}: `meta` = 1 marks the states GestSup counts as open."""
        rows = self.fetch_all(f"SELECT `id`, `name`, `meta` FROM {self.table('tstates')}")
        return {row[0]: ((row[1] or "").strip(), row[2]) for row in rows}

    def count_tickets(self, since=None) -> int:
        where, params = self._ticket_filter(since)
        return self.fetch_all(f"SELECT COUNT(*) FROM {self.table('tincidents')} {where}", params)[0][0]

    def _ticket_filter(self, since) -> tuple[str, tuple]:
        if since is None:
            return "", ()
        # `>=`: GestSup dates are to the second, and a ticket saved in the very second of the
        # previous mark must not be missed; it is read again and found unchanged.
        return "WHERE `date_modif` >= %s", (since,)

    def iter_tickets(self, since=None) -> Iterator[tuple]:
        """Streams tickets in id order (all of them, or those modified since `since`, a naive
        datetime in the source's time zone), as tuples in TICKET_COLUMNS order."""
        where, params = self._ticket_filter(since)
        columns = ", ".join(f"`{name}`" for name in TICKET_COLUMNS)
        sql = f"SELECT {columns} FROM {self.table('tincidents')} {where} ORDER BY `id`"
        cursor = self.connection.cursor(pymysql.cursors.SSCursor)
        try:
            cursor.execute(sql, params)
            while True:
                rows = cursor.fetchmany(2000)
                if not rows:
                    break
                yield from rows
        except pymysql.err.MySQLError as error:
            result = getattr(cursor, "_result", None)
            if result is not None:
                result.unbuffered_active = False  # the line is gone: nothing left to drain
            raise self._translate(error) from None
        finally:
            try:
                cursor.close()
            except (pymysql.err.Error, AttributeError):
                pass  # the connection is gone; closing has nothing left to drain

    def assets(self) -> list[tuple]:
        """Every asset row (a fleet is thousands of rows at most: read at once)."""
        columns = ", ".join(f"`{name}`" for name in ASSET_COLUMNS)
        return self.fetch_all(f"SELECT {columns} FROM {self.table('tassets')} ORDER BY `id`")


def diagnose(**settings) -> Diagnosis:
    """« Tester la connexion »: a French verdict, never an exception, never a credential."""
    try:
        # A probe holds a web request: every read of it is short.
        with GestsupClient(**settings, read_timeout=network.PROBE_TIMEOUT) as client:
            version = client.check()
    except ConnectionProblem as problem:
        return Diagnosis(False, str(problem))
    return Diagnosis(
        True, f"Connexion réussie : GestSup {version}, toutes les tables nécessaires sont lisibles.", version
    )
