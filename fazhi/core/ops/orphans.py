"""Files in the upload folder that no row refers to, and rows whose file is gone (issue 10 item 13).

A process killed (SIGKILL, power loss) between storing an upload and committing its row leaves a
file nobody refers to; ``fazhi backup`` would carry it on for ever. :func:`check` lists such
orphans and the opposite — rows whose file is missing; :func:`sweep` moves orphans older than a
grace period (younger ones may belong to an upload still in progress) out of the upload folder into
``<data dir>/orphans/<time>/``, which backups do not include, with one audit row. Every ``FileField``
of every installed model counts as a reference, so a new model with files needs nothing here. The
job runner sweeps nightly; ``fazhi files check`` / ``fazhi files sweep`` run it by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

GRACE = dt.timedelta(hours=24)


@dataclass
class FileReport:
    orphans: list[str] = field(default_factory=list)  # relative to MEDIA_ROOT, older than the grace
    young: int = 0  # unreferenced, but possibly an upload still in progress
    missing: list[str] = field(default_factory=list)  # "app.model #pk: name"
    referenced: int = 0

    @property
    def clean(self) -> bool:
        return not self.orphans and not self.missing


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _references() -> dict[str, str]:
    """Every stored file name a row refers to → "app.model #pk"."""
    found: dict[str, str] = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                rows = model._default_manager.exclude(**{f.name: ""}).exclude(**{f"{f.name}__isnull": True})
                for pk, name in rows.values_list("pk", f.name).iterator():
                    found[name] = f"{model._meta.label_lower} #{pk}"
    return found


def check(*, grace: dt.timedelta = GRACE) -> FileReport:
    root = _media_root()
    refs = _references()
    report = FileReport(referenced=len(refs))
    cutoff = time.time() - grace.total_seconds()
    on_disk: set[str] = set()
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            on_disk.add(rel)
            if rel in refs:
                continue
            try:
                old = path.stat().st_mtime < cutoff
            except FileNotFoundError:
                continue
            if old:
                report.orphans.append(rel)
            else:
                report.young += 1
    report.missing = [f"{where}: {name}" for name, where in sorted(refs.items()) if name not in on_disk]
    return report


def sweep(*, grace: dt.timedelta = GRACE, actor=None) -> tuple[FileReport, Path | None]:
    """Move orphans older than ``grace`` to the quarantine folder; one audit row when any moved."""
    from fazhi.core.audit.services import record

    report = check(grace=grace)
    if not report.orphans:
        return report, None
    root = _media_root()
    target = Path(settings.DATA_DIR) / "orphans" / timezone.localtime().strftime("%Y%m%d-%H%M%S")
    moved = []
    refs = _references()  # again: a row committed since the check keeps its file
    for rel in report.orphans:
        if rel in refs:
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            shutil.move(root / rel, dest)
        except FileNotFoundError:
            continue
        os.chmod(dest, 0o600)
        moved.append(rel)
    report.orphans = moved
    record(
        "files.sweep",
        object_type="files",
        object_repr=f"移出孤立文件{len(moved)}个",
        user=actor,
        detail={"count": len(moved), "to": str(target), "missing": len(report.missing)},
    )
    return report, target
