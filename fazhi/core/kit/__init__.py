"""The domain kit: what every 法治 domain repeats, written once in core.

- organisation functions as data (:mod:`fazhi.core.kit.functions`);
- numbering per organisation / 代字 / year (:mod:`fazhi.core.kit.numbering`);
- links between matters of any two domains (:mod:`fazhi.core.kit.links`, :class:`MatterLink`);
- parties and the challenged act as abstract bases (:mod:`fazhi.core.kit.parties`).

Core imports no shell and no domain: domains declare, the kit serves (docs/adr/0009-case-kit.md).
"""
