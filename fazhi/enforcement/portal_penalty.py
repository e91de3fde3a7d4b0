"""行政处罚决定公开 on the portal (事后公开, 《行政处罚法》第四十八条; 国办发〔2018〕118号): the list and
detail of the decisions the publication service published — natural persons as 张某, no 身份证号,
phone or address; a withdrawn decision shows its notice. Declared here, joined to the domain's one
``DomainPortal`` in portal.py."""

from fazhi.enforcement.publication_penalty import KIND
from fazhi.portal.kit import Published

PUBLISHED = Published(
    kind=KIND,
    title="行政处罚决定公开",
    noun="行政处罚决定",
    columns=(("当事人", "party"), ("执法机关", "body"), ("处罚种类和数额", "penalty")),
    path="penalties",
    name="penalties",
    detail_name="penalty",
    basis="本决定依据《中华人民共和国行政处罚法》第四十八条公开，自然人当事人已作去标识化处理。",
)
#: What a portal-wide search hit shows under a decision's title.
SUMMARY = (("当事人", "party"), ("处罚种类和数额", "penalty"))
