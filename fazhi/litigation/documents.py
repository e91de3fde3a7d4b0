"""行政应诉文书: the 行政答辩状 the defendant files within 15 日 of receiving the complaint
(《中华人民共和国行政诉讼法》第六十七条第一款), generated as a numbered cover with the case's data and
headed sections for the officer to complete; numbered per organisation and year
(``fazhi.core.documents``). The text is ``templates/litigation/documents/defence.txt``.
"""

from __future__ import annotations

from fazhi.core.documents.registry import DocumentKind, register
from fazhi.core.kit.parties import names_of
from fazhi.litigation.models import PartyRole

DEFENCE = register(
    DocumentKind(
        code="litigation.defence",
        title="行政答辩状",
        model="litigation.Lawsuit",
        states=("answering",),
        number_prefix="{org}诉答字",
        context=lambda case: {
            "organisation": case.organisation.name,
            "plaintiffs": names_of(case.parties.all(), PartyRole.PLAINTIFF) or case.plaintiff_summary,
            "third_parties": names_of(case.parties.all(), PartyRole.THIRD_PARTY),
            "act": case.act_cited,  # “2026年8月20日作出的…（文号）”, the party words taken out
            "reconsideration_case_number": case.reconsideration_case_number,
            "case_number": case.case_number,
            "complaint_received_on": case.complaint_received_on,
            "court": case.court,
        },
        article="《行政诉讼法》第六十七条",
    )
)
