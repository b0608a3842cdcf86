"""The COPIL pack (« dossier de COPIL ») of a meeting: a PPTX deck and a PDF, archived.

- `snapshot.py` — `build_snapshot(meeting)`: every value the pack shows, read once into JSON.
- `deck.py` — `render_pptx(snapshot, style)`: native, editable PowerPoint charts.
- `document.py` — `render_pdf(snapshot, style)`: the same content through WeasyPrint.
- `services.py` — `copil_pack_create(meeting=…, pack_format=…, acting_user=…)`: builds (or, for a
  past meeting already packed, reuses) the snapshot, renders, archives the file with its SHA-256
  and snapshot in `CopilPack`, and sends the « dossier prêt » e-mail.
"""
