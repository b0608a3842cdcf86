"""How a request's family is decided, and the writes that keep stored families in step."""

import re

from django.db import transaction

from gouvernail.core.models import Organisation
from gouvernail.servicedesk.choices import RequestFamily
from gouvernail.servicedesk.models import CategoryMapping, Request

__all__ = ("default_family", "family_resolver", "requests_refamily")

# The default when an organisation has not mapped a category: words GestSup and GLPI
# installations commonly use in their category names. Security wins over the others.
_DEFAULT_RULES = (
    (RequestFamily.SECURITY, r"s[ée]curit|incident|virus|phishing|hame[çc]onnage|cyber|piratage|sauvegarde"),
    (RequestFamily.PROJECTS, r"projet|d[ée]ploiement|migration|[ée]volution"),
    (RequestFamily.SITES, r"\bsites?\b|r[ée]seau|t[ée]l[ée]phon|internet|wi-?fi|fibre|b[âa]timent|locaux|c[âa]blage"),
)


def default_family(category: str, subcategory: str = "") -> str:
    text = f"{category} {subcategory}".lower()
    for family, pattern in _DEFAULT_RULES:
        if re.search(pattern, text):
            return family
    return RequestFamily.USER_SUPPORT


def family_resolver(organisation: Organisation):
    """A function (category, subcategory) → family, reading the organisation's mappings once.

    A mapping on the sub-category wins over one on the whole category, which wins over the
    default rule. Connectors call it once per run, not once per request.
    """
    mappings = {
        (m.category.strip().lower(), m.subcategory.strip().lower()): m.family
        for m in CategoryMapping.objects.filter(organisation=organisation)
    }

    def resolve(category: str, subcategory: str = "") -> str:
        category_key, subcategory_key = (category or "").strip().lower(), (subcategory or "").strip().lower()
        return (
            mappings.get((category_key, subcategory_key))
            or mappings.get((category_key, ""))
            or default_family(category or "", subcategory or "")
        )

    return resolve


@transaction.atomic
def requests_refamily(*, organisation: Organisation) -> int:
    """Rewrites the stored family of the organisation's requests after a mapping change.

    One UPDATE per distinct (category, sub-category) pair, not one per request. Returns how
    many requests changed family.
    """
    resolve = family_resolver(organisation)
    requests = Request.objects.filter(organisation=organisation)
    changed = 0
    pairs = requests.values_list("category", "subcategory").distinct().order_by()
    for category, subcategory in pairs:
        family = resolve(category, subcategory)
        changed += (
            requests.filter(category=category, subcategory=subcategory).exclude(family=family).update(family=family)
        )
    return changed
