"""Indicators of matters not (yet) recorded case by case in Fazhi: the catalogue of reported figures
(:mod:`fazhi.indicators.catalogue`), declared ``reported_only`` so an authorised user can enter or
import each figure from its source document (labelled 上报). When a domain app is built it takes the
declaration over (same code) and computes it from records."""

from fazhi.indicators import catalogue  # noqa: F401  (declares on import)
