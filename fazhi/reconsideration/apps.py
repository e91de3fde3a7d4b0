from fazhi.core import registry


class ReconsiderationConfig(registry.DomainConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"
