"""Files uploaded for an import, kept server-side between the steps of the web import.

Each upload lives under `DATA_DIR/imports/` as `<token>.<format>` with a `<token>.json` that
says whose it is (organisation, user), what it is (kind, original name) and the mapping chosen
so far. Only the token travels in URLs; nothing of the file goes into the session. The file is
written under the size limit and checked against the sheet limits (`core.uploads`) before it is
kept; it is deleted when the import commits, fails or is cancelled, and any left behind (an
abandoned import) after `GOUVERNAIL_UPLOAD_MAX_AGE_SECONDS`, at the next upload or by
`gouvernail purge-uploads`.
"""

import json
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.http import Http404

from gouvernail.connectors.spreadsheet.reader import ImportFileError, check_table
from gouvernail.core.uploads import UploadRefused, pending_dir, purge_stale, write_capped

__all__ = ("Upload", "upload_dir")

upload_dir = pending_dir


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
    values: dict[str, dict] | None = None  # the user's answers for unknown values, this import
    created: float = field(default_factory=time.time)

    @property
    def path(self) -> Path:
        return upload_dir() / f"{self.token}.{self.format or 'bin'}"

    @property
    def meta_path(self) -> Path:
        return upload_dir() / f"{self.token}.json"

    @classmethod
    def store(cls, uploaded, *, organisation_id: int, user_id: int, kind: str) -> "Upload":
        """Writes the uploaded file; raises ImportFileError when its format is unknown or it is
        over the limits (nothing is kept then)."""
        cls.purge_stale()
        upload = cls(secrets.token_urlsafe(18), organisation_id, user_id, kind, Path(uploaded.name).name[:255])
        raw = upload_dir() / f"{upload.token}.bin"
        try:
            write_capped(uploaded.chunks(), raw)
            upload.format = check_table(raw)
        except UploadRefused as error:
            raw.unlink(missing_ok=True)
            raise ImportFileError(str(error)) from None
        except BaseException:
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
        purge_stale()
