"""CAC filing types: algorithm filing (算法备案), deep-synthesis filing, generative-AI
filing (备案, model) and registration (登记, app on a filed model).

Numbers follow the published formats (see data/cac/): generative-AI filings
`{Province}-{ModelName}-{YYYYMMDD}`, registrations `{Province}-{Name}-{YYYYMMDD}S{nnnn}`,
algorithm and deep-synthesis filings `网信算备` + 21 digits + `号`, as REGULATION.md
gives and every one of the 1,014 published numbers has (early summaries said 15). The
parts are 6-digit region code, 8 digits for the filer, 1 for the algorithm type, 2 for
the year, 4 for the sequence — our reading of the pattern, not an official specification.
"""

import hashlib
from datetime import date, datetime
from typing import Any

from django.conf import settings

from aigov import clock
from registry.regimes.filings import FieldSpec, FilingType, slug_name

# Province → (ISO 3166-2 suffix, GB/T 2260 region code, name in numbers, Chinese name)
PROVINCES = {
    "BJ": ("110000", "Beijing", "北京市"),
    "TJ": ("120000", "Tianjin", "天津市"),
    "HE": ("130000", "Hebei", "河北省"),
    "SX": ("140000", "Shanxi", "山西省"),
    "NM": ("150000", "NeiMenggu", "内蒙古自治区"),
    "LN": ("210000", "Liaoning", "辽宁省"),
    "JL": ("220000", "Jilin", "吉林省"),
    "HL": ("230000", "Heilongjiang", "黑龙江省"),
    "SH": ("310000", "Shanghai", "上海市"),
    "JS": ("320000", "Jiangsu", "江苏省"),
    "ZJ": ("330000", "Zhejiang", "浙江省"),
    "AH": ("340000", "Anhui", "安徽省"),
    "FJ": ("350000", "Fujian", "福建省"),
    "JX": ("360000", "Jiangxi", "江西省"),
    "SD": ("370000", "Shandong", "山东省"),
    "HA": ("410000", "Henan", "河南省"),
    "HB": ("420000", "Hubei", "湖北省"),
    "HN": ("430000", "Hunan", "湖南省"),
    "GD": ("440000", "Guangdong", "广东省"),
    "GX": ("450000", "Guangxi", "广西壮族自治区"),
    "HI": ("460000", "Hainan", "海南省"),
    "CQ": ("500000", "Chongqing", "重庆市"),
    "SC": ("510000", "Sichuan", "四川省"),
    "GZ": ("520000", "Guizhou", "贵州省"),
    "YN": ("530000", "Yunnan", "云南省"),
    "XZ": ("540000", "Xizang", "西藏自治区"),
    "SN": ("610000", "Shaanxi", "陕西省"),
    "GS": ("620000", "Gansu", "甘肃省"),
    "QH": ("630000", "Qinghai", "青海省"),
    "NX": ("640000", "Ningxia", "宁夏回族自治区"),
    "XJ": ("650000", "Xinjiang", "新疆维吾尔自治区"),
}
PROVINCE_CHOICES = tuple((code, f"{names[1]} {names[2]}") for code, names in PROVINCES.items())

# Algorithm types of the Recommendation Provisions, with the digit used in numbers.
ALGORITHM_TYPES = (
    ("generation_synthesis", "生成合成类 generation / synthesis"),
    ("personalised_push", "个性化推送类 personalised push"),
    ("ranking_selection", "排序精选类 ranking / selection"),
    ("retrieval_filtering", "检索过滤类 retrieval / filtering"),
    ("scheduling_decision", "调度决策类 scheduling / decision"),
)
TYPE_DIGIT = {code: str(index + 1) for index, (code, _) in enumerate(ALGORITHM_TYPES)}
DEEP_SYNTHESIS_ROLES = (
    ("service_provider", "服务提供者 service provider"),
    ("technical_supporter", "技术支持者 technical supporter"),
)

# CAC decides within 30 working days of a complete filing; providers file within 10 working
# days of starting service, changes within 10 and deregistration within 20 (REGULATION.md,
# Algorithmic Recommendation Provisions). All counted by `aigov.clock` in Beijing time,
# skipping CN_PUBLIC_HOLIDAYS and counting CN_MAKEUP_WORKING_DAYS (调休).
DECISION_WORKING_DAYS = 30
SERVICE_START_FILING_WORKING_DAYS = 10
CHANGE_FILING_WORKING_DAYS = 10
DEREGISTRATION_WORKING_DAYS = 20
# GB/T 45654-2025 keyword library minimum (REGULATION.md: read in the standard itself).
MIN_KEYWORDS = 10_000


# Bases as REGULATION.md gives them: the measures by name and date (article numbers are
# given there only for the Generative AI Interim Measures).
REC = "Algorithmic Recommendation Provisions (2022-03-01)"
DEEP = "Deep Synthesis Provisions (2023-01-10)"
GENAI = "Generative AI Interim Measures (2023-08-15) Art. 17"


def decision_due(submitted: datetime) -> datetime:
    return clock.add_working_days(submitted, DECISION_WORKING_DAYS, regime="cn")


def _decision_period() -> str:
    return f"{DECISION_WORKING_DAYS} working days"


def _genai_working_days() -> int:
    """Unconfirmed [U]: REGULATION.md gives CAC's 30 working days for algorithm filings and
    none for generative-AI filings and registrations; they take the same by default, a
    setting (CN_GENAI_DECISION_WORKING_DAYS)."""
    return settings.CN_GENAI_DECISION_WORKING_DAYS


def genai_decision_due(submitted: datetime) -> datetime:
    return clock.add_working_days(submitted, _genai_working_days(), regime="cn")


def _genai_decision_period() -> str:
    return (
        f"{_genai_working_days()} working days (unconfirmed for generative-AI services: the "
        "algorithm filing's period, by default)"
    )


def _national_stage_restarts_clock() -> bool:
    """REGULATION.md does not say whether the national review has its own 30 days."""
    return settings.CN_NATIONAL_STAGE_RESTARTS_CLOCK


def _service_start_due(context: dict) -> datetime | None:
    """The filing deadline after the (Beijing) date the service started, once it has."""
    started = context["data"].get("service_started_on")
    try:
        day = date.fromisoformat(started)
    except (TypeError, ValueError):
        return None
    return clock.add_working_days(day, SERVICE_START_FILING_WORKING_DAYS, regime="cn")


_FILE_BY = (
    f"Filed within {SERVICE_START_FILING_WORKING_DAYS} working days of starting a service with "
    "public-opinion attributes or social-mobilisation capability; changes within "
    f"{CHANGE_FILING_WORKING_DAYS} working days; deregistered (withdrawn) within "
    f"{DEREGISTRATION_WORKING_DAYS} working days of the service ending (Beijing time)."
)


def _province(context: dict) -> str:
    return context["data"].get("province") or ""


def _route(stage: str, context: dict) -> str:
    if stage == "national":
        return "cn-cac"
    return f"cn-cac-{_province(context).lower()}"


def _pinyin_province(context: dict) -> str:
    return PROVINCES.get(_province(context), ("", "Unknown", ""))[1]


def _genai_number(context: dict, sequence: int, day: date) -> str:
    base = _genai_prefix(context, day)
    return base if sequence == 1 else f"{base}-{sequence}"


def _genai_prefix(context: dict, day: date) -> str:
    name = slug_name(context["data"].get("model_name") or context["subject"].get("name", ""))
    return f"{_pinyin_province(context)}-{name}-{day:%Y%m%d}"


def _registration_prefix(context: dict, day: date) -> str:
    return f"{_pinyin_province(context)}-{day:%Y%m%d}S"


def _registration_number(context: dict, sequence: int, day: date) -> str:
    name = slug_name(context["data"].get("app_name") or context["subject"].get("name", ""))
    return f"{_pinyin_province(context)}-{name}-{day:%Y%m%d}S{sequence:04d}"


def _algorithm_prefix(context: dict, day: date) -> str:
    region = PROVINCES.get(_province(context), ("000000",))[0]
    return f"网信算备{region}-{day:%y}"


def _algorithm_number(context: dict, sequence: int, day: date) -> str:
    region = PROVINCES.get(_province(context), ("000000",))[0]
    filer = int(hashlib.sha256(context["data"].get("provider", "").encode()).hexdigest(), 16)
    type_digit = TYPE_DIGIT.get(context["data"].get("algorithm_type", ""), "0")
    return f"网信算备{region}{filer % 10**8:08d}{type_digit}{day:%y}{sequence:04d}号"


def _needs(kind: str):
    return lambda classification: kind in classification.get("cn", {}).get("filings", [])


PROVIDER = FieldSpec("provider", "主体名称 Provider (legal name)", REC)
PROVINCE = FieldSpec(
    "province",
    "属地 Province where the provider is registered",
    GENAI,
    kind="choice",
    choices=PROVINCE_CHOICES,
)
SELF_ASSESSMENT = FieldSpec(
    "self_assessment",
    "算法自评估报告 Algorithm self-assessment report (link)",
    REC,
    kind="url",
    public=False,
)

ALGORITHM_FIELDS = (
    PROVIDER,
    FieldSpec(
        PROVINCE.name, PROVINCE.label, REC, kind="choice", choices=PROVINCE_CHOICES, public=False
    ),
    FieldSpec("algorithm_name", "算法名称 Algorithm name", REC),
    FieldSpec(
        "algorithm_type", "算法类别 Algorithm type", REC, kind="choice", choices=ALGORITHM_TYPES
    ),
    FieldSpec("application_product", "应用产品 Products using the algorithm", REC),
    FieldSpec("main_use", "主要用途 Main use", REC, kind="longtext"),
    FieldSpec("service_form", "服务形式 Service form", REC, public=False),
    FieldSpec("application_domain", "应用领域 Application domain", REC, public=False),
    SELF_ASSESSMENT,
    FieldSpec(
        "service_started_on",
        "上线日期 Date the service started (Beijing date; empty if not yet started)",
        REC,
        kind="date",
        required=False,
        public=False,
        help=f"The filing is due within {SERVICE_START_FILING_WORKING_DAYS} working days of this "
        "date (Beijing time).",
    ),
    FieldSpec(
        "content_to_publish",
        "拟公示内容 Content to be published about the algorithm",
        REC,
        kind="longtext",
        public=False,
    ),
)

# The algorithm, deep-synthesis and generative-AI filings pass the provincial office, then
# the national CAC, each stage on the decision clock.
_PROVINCIAL_THEN_NATIONAL: dict[str, Any] = {
    "stages": ("provincial", "national"),
    "route": _route,
    "decision_due": decision_due,
    "decision_period": _decision_period,
    "restarts_clock_at_next_stage": _national_stage_restarts_clock,
}

ALGORITHM = FilingType(
    code="cn.algorithm",
    regime="cn",
    title="Algorithm filing (算法备案)",
    basis=REC,
    subject_kind="ai_system",
    fields=ALGORITHM_FIELDS,
    needed=_needs("algorithm"),
    number=_algorithm_number,
    number_prefix=_algorithm_prefix,
    **_PROVINCIAL_THEN_NATIONAL,
    filing_due=_service_start_due,
    description=_FILE_BY,
)

DEEP_SYNTHESIS = FilingType(
    code="cn.deep_synthesis",
    regime="cn",
    title="Deep-synthesis algorithm filing (深度合成算法备案)",
    basis=DEEP,
    subject_kind="ai_system",
    fields=(
        *ALGORITHM_FIELDS,
        FieldSpec(
            "role",
            "角色 Service provider or technical supporter",
            DEEP,
            kind="choice",
            choices=DEEP_SYNTHESIS_ROLES,
        ),
    ),
    needed=_needs("deep_synthesis"),
    number=_algorithm_number,
    number_prefix=_algorithm_prefix,
    **_PROVINCIAL_THEN_NATIONAL,
    filing_due=_service_start_due,
    description=_FILE_BY,
)

GENAI_MATERIAL = (
    FieldSpec(
        "functions", "服务功能 Functions of the service", GENAI, kind="longtext", public=False
    ),
    FieldSpec("application_domain", "应用领域 Application domain", GENAI, public=False),
    FieldSpec("service_mode", "服务方式 Service mode (app, website, API …)", GENAI, public=False),
    FieldSpec(
        "security_self_assessment",
        "安全自评估报告 Security self-assessment (link)",
        GENAI,
        kind="url",
        public=False,
    ),
    FieldSpec(
        "service_agreement", "服务协议 Service agreement (link)", GENAI, kind="url", public=False
    ),
)

GENAI_FILING = FilingType(
    code="cn.genai_filing",
    regime="cn",
    title="Generative-AI service filing (生成式人工智能服务备案)",
    basis=GENAI,
    subject_kind="ai_system",
    fields=(
        PROVIDER,
        PROVINCE,
        FieldSpec("model_name", "模型名称 Model name", GENAI),
        *GENAI_MATERIAL,
        FieldSpec(
            "training_data",
            "训练数据来源与规模 Training data sources and scale",
            GENAI,
            kind="longtext",
            public=False,
        ),
        FieldSpec("compute", "算力 Compute used", GENAI, public=False),
        FieldSpec(
            "annotation_rules", "标注规则 Annotation rules (link)", GENAI, kind="url", public=False
        ),
        FieldSpec(
            "keyword_count",
            f"关键词库 Size of the keyword blocklist (at least {MIN_KEYWORDS:,})",
            "GB/T 45654-2025",
            kind="number",
            public=False,
            minimum=MIN_KEYWORDS,
        ),
        FieldSpec(
            "generation_test_set",
            "生成内容测试题库 Generation test set (link)",
            "GB/T 45654-2025",
            kind="url",
            public=False,
        ),
        FieldSpec(
            "refusal_test_set",
            "拒答测试题库 Refusal test set (link)",
            "GB/T 45654-2025",
            kind="url",
            public=False,
        ),
    ),
    needed=_needs("genai_filing"),
    # A GPAI model offered in China as a generative service files the model itself.
    other_subject_kinds=("gpai_model",),
    number=_genai_number,
    number_prefix=_genai_prefix,
    **_PROVINCIAL_THEN_NATIONAL
    | {"decision_due": genai_decision_due, "decision_period": _genai_decision_period},
)

GENAI_REGISTRATION = FilingType(
    code="cn.genai_registration",
    regime="cn",
    title="Generative-AI application registration (生成式人工智能服务登记)",
    basis=GENAI,
    subject_kind="ai_system",
    fields=(
        PROVIDER,
        PROVINCE,
        FieldSpec("app_name", "应用名称 Application or function name", GENAI),
        FieldSpec(
            "filed_model_number", "已备案模型编号 Filing number of the model it calls", GENAI
        ),
        *GENAI_MATERIAL,
    ),
    needed=_needs("genai_registration"),
    stages=("local",),
    route=_route,
    number=_registration_number,
    number_prefix=_registration_prefix,
    decision_due=genai_decision_due,
    decision_period=_genai_decision_period,
)

FILING_TYPES = {
    filing_type.code: filing_type
    for filing_type in (ALGORITHM, DEEP_SYNTHESIS, GENAI_FILING, GENAI_REGISTRATION)
}
