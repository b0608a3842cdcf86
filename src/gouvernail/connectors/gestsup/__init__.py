"""The GestSup connector: `client` reads GestSup's MariaDB (SQL reads only), `mapper` turns its
rows into ours, `sync` runs one synchronisation."""
