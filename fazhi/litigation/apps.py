from fazhi.core import registry


class LitigationConfig(registry.DomainConfig):
    name = "fazhi.litigation"
    label = "litigation"
    order = 20  # place among the domains (fazhi.core.kit.domains)
    verbose_name = "行政应诉"
