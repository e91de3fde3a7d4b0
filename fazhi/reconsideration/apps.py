from fazhi.core import registry


class ReconsiderationConfig(registry.DomainConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    order = 10  # place among the domains (fazhi.core.kit.domains)
    verbose_name = "行政复议"
