"""Captures d'écran de l'interface pour le README (section « Aperçu »), prises sur la démo.

Usage, la démo chargée et le serveur lancé (`make run`, ou `gouvernail demo` puis
`gouvernail runserver`) :

    python docs/screenshots.py --url http://127.0.0.1:8000

Pilote le Chromium de Debian par Playwright, à 1440 × 900 (bureau) et 390 × 844 (téléphone),
puis réduit chaque PNG à une palette de 128 couleurs (Pillow) pour garder le dépôt léger.
"""

import argparse
import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PASSWORD = "Gouvernail-demo-2026"
DOMAIN = "gesnois-bilurien.example"
CHROMIUM = "/usr/bin/chromium"
OUTPUT = Path(__file__).resolve().parent / "img"
SIZES = {"bureau": {"width": 1440, "height": 900}, "mobile": {"width": 390, "height": 844}}
HOMES = {"referent": "Référent SI", "direction": "Direction", "elu": "Élu", "auditeur": "Auditeur"}
# Pages seen by the Référent SI: (file name, path; None = the first decision of the register).
PAGES = (("tableau-de-bord", "/tableaux-de-bord/copil/"), ("tableau-des-actions", "/plan-action/tableau/"))
MAX_BYTES = 300_000


def optimised_png(raw: bytes) -> bytes:
    """The screenshot with a reduced palette: the same page, a fraction of the size."""
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    for colours in (128, 64, 32):
        buffer = io.BytesIO()
        image.quantize(colours, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            break
    return buffer.getvalue()


def log_in(browser, url: str, account: str, viewport: dict):
    page = browser.new_context(locale="fr-FR", viewport=viewport).new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{url}/compte/login/")
    page.get_by_label("Courriel").fill(f"{account}@{DOMAIN}")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{url}/")
    return page


def shoot(page, name: str, size: str) -> Path:
    page.wait_for_load_state("networkidle")
    path = OUTPUT / f"{name}-{size}.png"
    path.write_bytes(optimised_png(page.screenshot()))
    print(f"{path.relative_to(OUTPUT.parent.parent)} : {path.stat().st_size // 1024} Ko")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="adresse du serveur de démonstration")
    url = parser.parse_args().url.rstrip("/")
    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for size, viewport in SIZES.items():
            for account in HOMES:
                page = log_in(browser, url, account, viewport)
                shoot(page, f"accueil-{account}", size)
                page.context.close()
            page = log_in(browser, url, "referent", viewport)
            for name, path in PAGES:
                page.goto(f"{url}{path}")
                shoot(page, name, size)
            page.goto(f"{url}/decisions/?recorded=true")
            page.locator("main table tbody a").first.click()
            page.wait_for_load_state()
            shoot(page, "decision", size)
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
