"""Name material for the demo: fictional places, fictional people, a county's departments.

Place names are two syllables drawn from the list below, so they read like Chinese place names but
are made up (a few may coincide with a real place somewhere; none is meant to). People's names are
random surname + given-name combinations with their pinyin, so usernames look like real ones
(``wangjianhua``) without being anybody's.
"""

from __future__ import annotations

PROVINCE_NAME = "云岭省"
FIRST_CITY_NAME = "云岭市"

PLACE_SYLLABLES = (
    "青禾松溪云石泉桂川安宁平丰河湖林阳明清澄新兴永和长乐福华金玉龙凤白沙柳桥塘源江峰岩田枫梧竹兰"
    "杏桃茶鹿鹤雁霞碧翠黛星月望远定顺宜嘉瑞祥昌盛富康泰隆城"
)


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """ "王wang 李li" → (("王", "wang"), ("李", "li"))."""
    return tuple((item[0], item[1:]) for item in text.split())


SURNAMES = _pairs(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he "
    "林lin 罗luo 高gao 郑zheng 梁liang 谢xie 宋song 唐tang 韩han 冯feng 邓deng 曹cao 彭peng 曾zeng 田tian "
    "董dong 潘pan 袁yuan 蔡cai 蒋jiang 余yu 杜du 叶ye 程cheng 魏wei 苏su 吕lv 丁ding 任ren 卢lu 姚yao 沈shen "
    "钟zhong 崔cui 谭tan 范fan 廖liao 石shi 金jin 韦wei 贾jia 夏xia 方fang 邹zou 熊xiong 白bai 孟meng 秦qin "
    "邱qiu 侯hou 尹yin 薛xue 段duan 雷lei 黎li 龙long 陶tao 贺he 顾gu 毛mao 覃qin 莫mo 蒙meng "
)

GIVEN = _pairs(
    "建jian 华hua 明ming 丽li 军jun 伟wei 芳fang 敏min 静jing 强qiang 磊lei 洋yang 艳yan 勇yong 杰jie 娟juan "
    "涛tao 超chao 霞xia 平ping 刚gang 玲ling 辉hui 鹏peng 飞fei 婷ting 宇yu 浩hao 凯kai 欣xin 倩qian 文wen 斌bin "
    "波bo 海hai 红hong 梅mei 兰lan 峰feng 嘉jia 志zhi 晓xiao 晨chen 雪xue 琳lin 佳jia 俊jun 秀xiu 英ying 春chun "
    "云yun 国guo 荣rong 立li 德de 永yong 松song 清qing 宁ning 安an 瑞rui 翔xiang 思si 雨yu 悦yue 博bo "
)

# (key, name at county/city level, name at province level or None if the province has none,
#  是否执法主体, relative staff size). 执法主体 follows the usual lists published by county
#  司法局s: departments holding 行政处罚/行政强制 powers under their own statutes.
DEPARTMENTS = (
    ("office", "人民政府办公室", "人民政府办公厅", False, 1.0),
    ("development", "发展和改革局", "发展和改革委员会", True, 1.0),
    ("education", "教育局", "教育厅", True, 1.0),
    ("industry", "工业和信息化局", "工业和信息化厅", True, 0.8),
    ("police", "公安局", "公安厅", True, 2.0),
    ("civil", "民政局", "民政厅", True, 0.8),
    ("justice", "司法局", "司法厅", True, 1.5),
    ("finance", "财政局", "财政厅", True, 1.0),
    ("hrss", "人力资源和社会保障局", "人力资源和社会保障厅", True, 1.0),
    ("land", "自然资源局", "自然资源厅", True, 1.2),
    ("ecology", "生态环境局", "生态环境厅", True, 1.0),
    ("housing", "住房和城乡建设局", "住房和城乡建设厅", True, 1.0),
    ("transport", "交通运输局", "交通运输厅", True, 1.2),
    ("water", "水利局", "水利厅", True, 0.8),
    ("agriculture", "农业农村局", "农业农村厅", True, 1.2),
    ("commerce", "商务局", "商务厅", True, 0.6),
    ("culture", "文化广电体育和旅游局", "文化和旅游厅", True, 0.8),
    ("health", "卫生健康局", "卫生健康委员会", True, 1.2),
    ("veterans", "退役军人事务局", "退役军人事务厅", False, 0.5),
    ("emergency", "应急管理局", "应急管理厅", True, 1.0),
    ("audit", "审计局", "审计厅", True, 0.6),
    ("market", "市场监督管理局", "市场监督管理局", True, 1.8),
    ("statistics", "统计局", "统计局", True, 0.5),
    ("medical", "医疗保障局", "医疗保障局", True, 0.6),
    ("forestry", "林业局", "林业局", True, 0.8),
    ("urban", "城市管理综合行政执法局", None, True, 1.5),
    ("petition", "信访局", "信访局", False, 0.5),
    ("approval", "行政审批局", None, False, 0.6),
    ("data", "政务服务和大数据管理局", "大数据发展局", False, 0.6),
    ("grain", "粮食和物资储备局", "粮食和物资储备局", True, 0.5),
)

# County-level divisions of each city, as GB/T 2260 assigns their last two digits: 02.. districts
# (区), 21.. counties (县), 81.. county-level cities (市).
COUNTY_SLOTS = (
    ("02", "区"),
    ("03", "区"),
    ("21", "县"),
    ("22", "县"),
    ("23", "县"),
    ("24", "县"),
    ("25", "县"),
    ("81", "市"),
)
