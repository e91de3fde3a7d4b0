from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        # The one discovery rule (fazhi.core.registry): every app's declaration modules, once.
        from fazhi.core import registry

        registry.discover()
        # SQLite creates its database file under the process umask: make it the owner's only.
        from django.db.backends.signals import connection_created

        connection_created.connect(_tighten_sqlite_file, dispatch_uid="fazhi.core.tighten_sqlite")


def _tighten_sqlite_file(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if name and ":memory:" not in name and not name.startswith("file:"):
        from fazhi.conf import tighten_sqlite

        tighten_sqlite(name)
