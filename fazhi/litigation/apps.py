from fazhi.core import registry


class LitigationConfig(registry.DomainConfig):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"
