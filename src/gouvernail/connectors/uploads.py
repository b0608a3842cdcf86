"""Files uploaded for an import, kept server-side between the steps of the web import.

Each upload lives under `DATA_DIR/imports/` as `<token>.<format>` with a `<token>.json` that
says whose it is (organisation, user), what it is (kind, original name) and the mapping chosen
so far. Only the token travels in URLs; nothing of the file goes into the session. Files are
deleted after the commit, and any left behind (an abandoned import) after `MAX_AGE`.
"""

import json
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.http import Http404

from gouvernail.connectors.spreadsheet.reader import detect_format

__all__ = ("Upload", "upload_dir")

MAX_AGE = 24 * 3600


def upload_dir() -> Path:
    directory = Path(settings.DATA_DIR) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@dataclass
class Upload:
    token: str
    organisation_id: int
    user_id: int
    kind: str
    file_name: str
    format: str = ""
    fields: dict[str, str] | None = None  # column index (as text, JSON keys) → field
    mapping_id: int | None = None
    created: float = field(default_factory=time.time)

    @property
    def path(self) -> Path:
        return upload_dir() / f"{self.token}.{self.format or 'bin'}"

    @property
    def meta_path(self) -> Path:
        return upload_dir() / f"{self.token}.json"

    @classmethod
    def store(cls, uploaded, *, organisation_id: int, user_id: int, kind: str) -> "Upload":
        """Writes the uploaded file; raises ImportFileError when its format is unknown."""
        cls.purge_stale()
        upload = cls(secrets.token_urlsafe(18), organisation_id, user_id, kind, Path(uploaded.name).name[:255])
        raw = upload_dir() / f"{upload.token}.bin"
        with open(raw, "wb") as handle:
            for chunk in uploaded.chunks():
                handle.write(chunk)
        try:
            upload.format = detect_format(raw)
        except Exception:
            raw.unlink(missing_ok=True)
            raise
        shutil.move(raw, upload.path)
        upload.save()
        return upload

    @classmethod
    def load(cls, token: str, *, organisation_id: int, user_id: int) -> "Upload":
        """The upload `token` of this user in this organisation, or 404."""
        if not token.replace("-", "").replace("_", "").isalnum():
            raise Http404("Import inconnu.")
        meta = upload_dir() / f"{token}.json"
        try:
            upload = cls(**json.loads(meta.read_text()))
        except (OSError, ValueError, TypeError):
            raise Http404("Cet import n'existe plus : déposez le fichier à nouveau.") from None
        if upload.organisation_id != organisation_id or upload.user_id != user_id:
            raise Http404("Import inconnu.")
        return upload

    def save(self) -> None:
        self.meta_path.write_text(json.dumps(asdict(self)))

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)

    def column_fields(self) -> dict[int, str] | None:
        return None if self.fields is None else {int(index): name for index, name in self.fields.items()}

    @staticmethod
    def purge_stale() -> None:
        limit = time.time() - MAX_AGE
        for path in upload_dir().iterdir():
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
