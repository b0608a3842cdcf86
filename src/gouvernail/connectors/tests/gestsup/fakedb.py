"""A GestSup database on a real MariaDB server, for the tests and the benchmark.

The tables come from `gestsup_schema.sql` (GestSup's own definitions); rows are generated
here with every NOT NULL column filled the way GestSup fills it (0, '' or a zero date).
The server is the one of GOUVERNAIL_TEST_MARIADB (host:port, default 127.0.0.1:3306), user
root without password, as `.ci/run` starts it.
"""

import datetime as dt
import os
import random
import re
import uuid
from pathlib import Path

import pymysql

SCHEMA = Path(__file__).with_name("gestsup_schema.sql")
ZERO_DATETIME = "0000-00-00 00:00:00"
ZERO_DATE = "0000-00-00"


def server() -> dict:
    host, _, port = os.environ.get("GOUVERNAIL_TEST_MARIADB", "127.0.0.1:3306").partition(":")
    return {"host": host, "port": int(port or 3306), "user": "root", "password": ""}


def unreachable_reason() -> str | None:
    """None when the server answers, else why not (for a skip message)."""
    try:
        pymysql.connect(**server(), connect_timeout=3).close()
    except pymysql.err.MySQLError as error:
        return f"aucun serveur MariaDB joignable sur {server()['host']}:{server()['port']} ({error.args[0]})"
    return None


def connect(database: str | None = None, **extra) -> pymysql.connections.Connection:
    connection = pymysql.connect(**server(), database=database, autocommit=True, charset="utf8mb4", **extra)
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")  # as GestSup's own dump
    return connection


def _columns(table: str) -> list[tuple[str, str]]:
    text = SCHEMA.read_text()
    body = re.search(rf"CREATE TABLE `{table}` \((.*?)\n\) ENGINE", text, re.S).group(1)
    return re.findall(r"^\s+`(\w+)` (\w+)", body, re.M)


def _default(sql_type: str):
    return {"datetime": ZERO_DATETIME, "date": ZERO_DATE, "int": 0, "tinyint": 0, "float": 0}.get(sql_type, "")


class GestsupDatabase:
    """One throw-away GestSup database; `drop()` removes it."""

    def __init__(self, name: str | None = None):
        self.name = name or f"gouvernail_test_gestsup_{uuid.uuid4().hex[:10]}"
        self.connection = connect()
        with self.connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{self.name}` CHARACTER SET utf8mb3")
            cursor.execute(f"USE `{self.name}`")
            for statement in SCHEMA.read_text().split(";\n"):
                code = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--"))
                if code.strip():
                    cursor.execute(code)
        self.columns = {table: _columns(table) for table in ("tincidents", "tassets")}

    def settings(self, **overrides) -> dict:
        """What a ConnectorConfig / GestsupClient needs to reach this database."""
        return {**server(), "database": self.name, **overrides}

    def execute(self, sql: str, params=None) -> int:
        with self.connection.cursor() as cursor:
            return cursor.execute(sql, params)

    def insert(self, table: str, rows: list[dict], batch: int = 5000) -> None:
        """Inserts rows given as {column: value}; unnamed NOT NULL columns get GestSup's defaults."""
        columns = self.columns.get(table) or [(name, "varchar") for name in rows[0]]
        names = [name for name, _ in columns]
        defaults = {name: _default(sql_type) for name, sql_type in columns}
        sql = f"INSERT INTO `{table}` ({', '.join(f'`{n}`' for n in names)}) VALUES ({', '.join(['%s'] * len(names))})"
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                cursor.executemany(sql, [tuple(row.get(n, defaults[n]) for n in names) for row in chunk])

    def add_lookups(self) -> None:
        """Categories, services, places, agencies and asset labels beyond GestSup's defaults."""
        self.execute(
            "INSERT INTO tcategory (id, number, name, service, technician, technician_group, type) VALUES "
            "(3, 0, 'Sécurité', 0, 0, 0, 0), (4, 0, 'Réseau', 0, 0, 0, 0), (5, 0, 'Projet', 0, 0, 0, 0)"
        )
        self.execute(
            "INSERT INTO tsubcat (id, cat, name, technician, technician_group) VALUES "
            "(3, 3, 'Virus', 0, 0), (4, 4, 'Wi-Fi', 0, 0), (5, 5, 'Déploiement', 0, 0)"
        )
        self.execute(
            "INSERT INTO tservices (id, name, ldap_guid, disable) VALUES "
            "(1, 'Ressources humaines', '', 0), (2, 'Finances', '', 0), (3, 'Service inconnu chez nous', '', 0)"
        )
        self.execute("INSERT INTO tplaces (id, name) VALUES (1, 'Médiathèque'), (2, 'Lieu inconnu')")
        self.execute(
            "INSERT INTO tagencies (id, name, mail, ldap_guid, disable) VALUES (1, 'Hôtel communautaire', '', '', 0)"
        )
        self.execute(
            "INSERT INTO tstates (id, number, name, description, mail_object, display, icon, meta, hide) VALUES "
            "(7, 7, 'Clôturé', 'tickets clos', '', '', '', 0, 0)"
        )
        self.execute(
            "INSERT INTO tassets_type (id, name, virtualization) VALUES (2, 'Imprimante', 0), (3, 'Serveur', 1)"
        )
        self.execute("INSERT INTO tassets_location (id, name, disable) VALUES (1, 'Médiathèque', 0)")

    def drop(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{self.name}`")
        self.connection.close()


def ticket(ticket_id: int, created: dt.datetime, **fields) -> dict:
    """A tincidents row as GestSup writes it: a title and a text we must never read."""
    return {
        "id": ticket_id,
        "title": f"Ticket {ticket_id} de M. Dupont",
        "description": "Texte libre du demandeur, à ne jamais collecter.",
        "user": 12,
        "date_create": created,
        "date_modif": created,
        "type": 1,
        "state": 5,
        "category": 1,
        "subcat": 1,
        "techread": 1,
        "userread": 1,
        **fields,
    }


def generated_tickets(
    count: int, *, start_id: int = 1, seed: int = 7, base=dt.datetime(2025, 1, 6, 8, 0)
) -> list[dict]:
    """`count` varied tickets: every state, category, service and place, a few zero dates."""
    rng = random.Random(seed)
    rows = []
    for ticket_id in range(start_id, start_id + count):
        created = base + dt.timedelta(minutes=7 * ticket_id)
        state = rng.choice((1, 2, 3, 3, 3, 4, 5, 6, 7))
        resolved = created + dt.timedelta(hours=rng.randint(1, 300)) if state in (3, 7) else ZERO_DATETIME
        rows.append(
            ticket(
                ticket_id,
                created,
                date_res=resolved,
                date_modif=resolved if state in (3, 7) else created + dt.timedelta(minutes=30),
                state=state,
                type=rng.choice((0, 1, 2)),
                category=rng.choice((0, 1, 2, 3, 4, 5)),
                subcat=rng.choice((0, 1, 2, 3, 4, 5)),
                u_service=rng.choice((0, 1, 2, 3)),
                place=rng.choice((0, 0, 1, 2)),
                u_agency=rng.choice((0, 1)),
                time=rng.choice((0, 5, 15, 30, 60, 120)),
            )
        )
    return rows


class CuttingProxy:
    """A TCP relay to the MariaDB server that drops the connection, mid-answer, once `limit`
    bytes of the server's replies have gone through: a network cut at a chosen moment.

    (A `KILL` from another connection is not enough to cut a stream that the kernel has already
    buffered on the client's side; this is.)
    """

    def __init__(self, limit: int):
        import socket
        import threading

        self.limit, self.relayed = limit, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((server()["host"], server()["port"]))
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source, target, counted: bool) -> None:
        import socket

        try:
            while data := source.recv(65536):
                if counted and self.relayed + len(data) > self.limit:
                    target.sendall(data[: self.limit - self.relayed])
                    break  # the line drops in the middle of an answer
                if counted:
                    self.relayed += len(data)
                target.sendall(data)
        except OSError:
            pass  # the other direction closed first
        for sock in (source, target):
            # shutdown() first: close() alone would wait for the other pump, blocked in recv().
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self.listener.close()
