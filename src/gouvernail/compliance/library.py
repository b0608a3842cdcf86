"""Reading frameworks: the ANSSI hygiene guide shipped with the app (data/anssi-hygiene.yaml) and
libraries in CISO Assistant's YAML format (`urn`, `locale`, `ref_id`, `version`,
`objects.framework.requirement_nodes` with `assessable`, `depth`, `parent_urn`, …).

Both give a `FrameworkData` (plain values, nothing written); services.framework_install writes it.
A malformed file raises `LibraryError` with a French message naming the line.
"""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.utils.text import slugify

from gouvernail.compliance.choices import MeasureLevel

BUILTIN_DIR = Path(__file__).parent / "data"
ANSSI_HYGIENE = "anssi-hygiene"
MAX_FILE_BYTES = 5 * 1024 * 1024


class LibraryError(ValueError):
    """A library file that cannot be read; the message names the line."""


@dataclass
class MeasureData:
    ref_id: str
    title: str
    description: str = ""
    level: str = MeasureLevel.STANDARD
    urn: str = ""
    questions: list = field(default_factory=list)
    evidence: list = field(default_factory=list)


@dataclass
class ThemeData:
    ref_id: str
    name: str
    measures: list[MeasureData] = field(default_factory=list)


@dataclass
class FrameworkData:
    urn: str
    slug: str
    name: str
    version: int
    themes: list[ThemeData]
    provider: str = ""
    description: str = ""
    copyright: str = ""
    source_url: str = ""
    locale: str = "fr"
    publication_date: date | None = None

    @property
    def measures(self) -> list[MeasureData]:
        return [m for theme in self.themes for m in theme.measures]

    def content_hash(self) -> str:
        payload = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


#
# YAML with line numbers
#


class LineDict(dict):
    line = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(text: str):
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"Ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "Fichier"
        raise LibraryError(f"{where} : le fichier n'est pas un YAML valide ({error.problem or error}).") from None
    except yaml.YAMLError as error:
        raise LibraryError(f"Le fichier n'est pas un YAML valide ({error}).") from None


def _line(obj, fallback: int = 1) -> int:
    return getattr(obj, "line", fallback)


def _require(mapping, key: str, what: str):
    value = mapping.get(key)
    if value in (None, ""):
        raise LibraryError(f"Ligne {_line(mapping)} : la clé « {key} » manque {what}.")
    return value


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _version(value, mapping) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise LibraryError(f"Ligne {_line(mapping)} : la version « {value} » n'est pas un entier positif.")
    return number


def _date(value, mapping) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise LibraryError(
            f"Ligne {_line(mapping)} : la date de publication « {value} » n'est pas au format AAAA-MM-JJ."
        ) from None


#
# The framework shipped with Gouvernail
#


def builtin_framework(slug: str = ANSSI_HYGIENE) -> FrameworkData:
    path = BUILTIN_DIR / f"{slug}.yaml"
    if not path.is_file():
        raise LibraryError(f"Aucun référentiel intégré ne s'appelle « {slug} ».")
    raw = _load_yaml(path.read_text(encoding="utf-8"))
    themes = [
        ThemeData(
            ref_id=_text(theme["ref"]),
            name=_text(theme["name"]),
            measures=[
                MeasureData(
                    ref_id=_text(m["ref"]),
                    title=_text(m["title"]),
                    description=_text(m.get("description")),
                    level=m.get("level", MeasureLevel.STANDARD),
                    urn=f"{raw['urn']}:{_text(m['ref'])}",
                    evidence=list(m.get("evidence") or []),
                )
                for m in theme["measures"]
            ],
        )
        for theme in raw["themes"]
    ]
    return FrameworkData(
        urn=raw["urn"],
        slug=raw["slug"],
        name=raw["name"],
        version=int(raw["version"]),
        themes=themes,
        provider=_text(raw.get("provider")),
        description=_text(raw.get("description")),
        copyright=_text(raw.get("copyright")),
        source_url=_text(raw.get("source_url")),
        publication_date=_date(raw.get("publication_date"), raw),
    )


#
# CISO Assistant libraries
#

REINFORCED_SUFFIX = re.compile(r"^(?P<base>.+)\.R$")


def parse_ciso_library(text: str | bytes) -> FrameworkData:
    """A CISO Assistant library (YAML) → FrameworkData. Chapters (non-assessable nodes of depth 1)
    become themes, assessable nodes become measures of their chapter; a node « N.R » (the
    reinforced part of measure N, as in the ANSSI library) is merged into measure N."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise LibraryError("Le fichier dépasse 5 Mo : ce n'est pas une bibliothèque de référentiel.")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LibraryError("Le fichier n'est pas encodé en UTF-8.") from None
    raw = _load_yaml(text)
    if not isinstance(raw, dict):
        raise LibraryError("Ligne 1 : le fichier doit décrire une bibliothèque (une table de clés : urn, ref_id…).")
    for key in ("urn", "locale", "ref_id", "version", "objects"):
        _require(raw, key, "dans la bibliothèque")
    version = _version(raw["version"], raw)
    objects = raw["objects"]
    if not isinstance(objects, dict) or not isinstance(objects.get("framework"), dict):
        raise LibraryError(
            f"Ligne {_line(objects if isinstance(objects, dict) else raw)} : la bibliothèque ne contient pas de "
            "référentiel (clé « objects.framework »)."
        )
    framework = objects["framework"]
    for key in ("urn", "ref_id", "name"):
        _require(framework, key, "dans le référentiel (objects.framework)")
    nodes = framework.get("requirement_nodes")
    if not isinstance(nodes, list) or not nodes:
        raise LibraryError(
            f"Ligne {_line(framework)} : le référentiel n'a pas d'exigences (clé « requirement_nodes », une liste)."
        )
    locale = _text(raw["locale"])
    groups = _reinforced_groups(framework.get("implementation_groups_definition") or [])
    themes = _themes_from_nodes(nodes, locale, groups)
    return FrameworkData(
        urn=_text(framework["urn"]),
        slug=slugify(_text(framework["ref_id"]))[:80] or "referentiel",
        name=_localised(framework, "name", locale),
        version=version,
        themes=themes,
        provider=_text(raw.get("provider")),
        description=_localised(framework, "description", locale) or _text(raw.get("description")),
        copyright=_text(raw.get("copyright"))[:300],
        locale=locale,
        publication_date=_date(raw.get("publication_date"), raw),
    )


def _localised(node, key: str, locale: str) -> str:
    """The French text when the library is in another language and carries a French translation."""
    if locale != "fr":
        translations = node.get("translations") or {}
        french = translations.get("fr") if isinstance(translations, dict) else None
        if isinstance(french, dict) and french.get(key):
            return _text(french[key])
    return _text(node.get(key))


def _reinforced_groups(definitions) -> set[str]:
    found = set()
    for group in definitions:
        if isinstance(group, dict):
            ref, name = _text(group.get("ref_id")), _text(group.get("name")).lower()
            if ref == "R" or "renforc" in name or "reinforc" in name:
                found.add(ref)
    return found


def _level(node, reinforced: set[str]) -> str:
    groups = [str(g) for g in node.get("implementation_groups") or []]
    if not groups:
        return MeasureLevel.STANDARD
    hard = [g for g in groups if g in reinforced]
    if hard and len(hard) == len(groups):
        return MeasureLevel.REINFORCED
    return MeasureLevel.BOTH if hard else MeasureLevel.STANDARD


def _themes_from_nodes(nodes: list, locale: str, reinforced: set[str]) -> list[ThemeData]:
    by_urn: dict[str, dict] = {}
    themes: dict[str, ThemeData] = {}
    theme_of: dict[str, ThemeData] = {}
    measures_by_ref: dict[str, tuple[MeasureData, ThemeData]] = {}
    general = None
    for index, node in enumerate(nodes, start=1):
        if not isinstance(node, dict):
            raise LibraryError(f"Exigence n° {index} : chaque élément de « requirement_nodes » doit être une table.")
        urn = _require(node, "urn", "dans l'exigence")
        if urn in by_urn:
            raise LibraryError(f"Ligne {_line(node)} : l'URN « {urn} » apparaît deux fois.")
        by_urn[urn] = node
        parent_urn = node.get("parent_urn")
        if parent_urn and parent_urn not in by_urn:
            raise LibraryError(
                f"Ligne {_line(node)} : le parent « {parent_urn} » est inconnu (il doit précéder ses enfants)."
            )
        ref_id = _text(node.get("ref_id"))
        name = _localised(node, "name", locale)
        description = _localised(node, "description", locale)
        if not node.get("assessable"):
            if parent_urn is None:
                theme = ThemeData(ref_id=ref_id or str(len(themes) + 1), name=name or description[:300] or ref_id)
                if theme.ref_id in {t.ref_id for t in themes.values()}:
                    raise LibraryError(f"Ligne {_line(node)} : le thème « {theme.ref_id} » apparaît deux fois.")
                themes[urn] = theme
                theme_of[urn] = theme
            else:
                theme_of[urn] = theme_of[parent_urn]
            continue
        if parent_urn:
            theme = theme_of[parent_urn]
        else:
            if general is None:
                general = ThemeData(ref_id="—", name="Exigences générales")
                themes["__general__"] = general
            theme = general
        theme_of[urn] = theme
        if not ref_id and not name and not description:
            raise LibraryError(f"Ligne {_line(node)} : l'exigence n'a ni « ref_id », ni « name », ni « description ».")
        level = _level(node, reinforced)
        match = REINFORCED_SUFFIX.match(ref_id)
        if match and level == MeasureLevel.REINFORCED:
            base = measures_by_ref.get(match["base"])
            if base is not None:
                measure = base[0]
                measure.level = MeasureLevel.BOTH
                if description:
                    measure.description = f"{measure.description}\n\nNiveau renforcé : {description}".strip()
                continue
            ref_id = match["base"]
        ref_id = ref_id or str(len(measures_by_ref) + 1)
        if ref_id in measures_by_ref:
            raise LibraryError(f"Ligne {_line(node)} : l'exigence « {ref_id} » apparaît deux fois.")
        measure = MeasureData(
            ref_id=ref_id[:40],
            title=(name or description or ref_id)[:300],
            description=description if name else "",
            level=level,
            urn=urn[:200],
            questions=_questions(node),
        )
        measures_by_ref[ref_id] = (measure, theme)
        theme.measures.append(measure)
    result = [theme for theme in themes.values() if theme.measures]
    if not result:
        raise LibraryError("Le référentiel ne contient aucune exigence évaluable (« assessable: true »).")
    return result


def _questions(node) -> list[str]:
    questions = node.get("questions")
    if isinstance(questions, dict):
        return [_text(q.get("text")) for q in questions.values() if isinstance(q, dict) and q.get("text")]
    return []
