"""The items of an EU declaration of conformity (EU AI Act Annex V), as data.

`content` of a `DeclarationOfConformity` holds points 1 to 7 under these keys; point 8
(place, date, signer) lives in the declaration's own columns. Pages, the API and the PDF
all read the labels from here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AnnexVItem:
    key: str
    point: str
    label: str
    required: bool = True


ANNEX_V_ITEMS: tuple[AnnexVItem, ...] = (
    AnnexVItem(
        "system_identification",
        "1",
        "AI system name and type and any additional unambiguous reference allowing its "
        "identification and traceability",
    ),
    AnnexVItem(
        "provider", "2", "Name and address of the provider or its authorised representative"
    ),
    AnnexVItem(
        "sole_responsibility",
        "3",
        "Statement that the declaration is issued under the sole responsibility of the provider",
    ),
    AnnexVItem(
        "conformity",
        "4",
        "Statement of conformity with Regulation (EU) 2024/1689 and any other relevant Union law",
    ),
    # Only where the system processes personal data.
    AnnexVItem(
        "data_protection",
        "5",
        "Statement of compliance with Regulations (EU) 2016/679 and (EU) 2018/1725 and "
        "Directive (EU) 2016/680",
        required=False,
    ),
    AnnexVItem(
        "standards",
        "6",
        "Harmonised standards or common specifications in relation to which conformity is declared",
        required=False,
    ),
    # Only where a notified body was involved (Annex VII).
    AnnexVItem(
        "notified_body",
        "7",
        "Notified body (name and identification number), conformity assessment procedure "
        "performed, and certificate issued",
        required=False,
    ),
)
ANNEX_V_KEYS = tuple(item.key for item in ANNEX_V_ITEMS)
