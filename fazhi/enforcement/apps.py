from fazhi.core import registry


class EnforcementConfig(registry.DomainConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    order = 30  # after 行政复议 (10) and 行政应诉 (20): settings find this app by itself
    verbose_name = "行政执法"
