"""Bundled example reports, built in code.

The seed report is the 2023 annual report of an emergency-management center (2021 template), the report
this project started from; its published text is bundled beside this module as
``seed-2023-emergency-center.txt``. Every table cell is 0, and section 一 says so in words.
"""

from __future__ import annotations

from importlib import resources

from ._form import TemplateVersion
from ._model import AnnualReport, DisclosureTable, Metadata, RequestTable, ReviewTable

__all__ = ["SEED_TEXT_FILE", "seed_report", "seed_text"]

SEED_TEXT_FILE = "seed-2023-emergency-center.txt"
"""The file name of the seed report's published text, bundled in this package."""

_OVERVIEW = (
    "2023 年，在区党工委和管委会的正确领导下，我中心全面贯彻落实习近平总书记关于应急管理的重要论述及"
    "指示批示精神，紧密围绕应急管理和安全生产中心工作，充分考虑群众的关注和关切，依法、按时公开各类政府信"
    "息，不断加强信息公开的全面性，着力提高应急管理中心的行政透明度和办事效率，有效维护了应急管理系统在政"
    "府中的公信力。同时，我们努力为全区经济社会的安全发展创造了良好的环境，促进了全社会对应急管理工作的重"
    "视和支持，并营造出良好的舆论氛围。2023 年，我中心未制定规章和规范性文件，未办理相关的行政许可、"
    "行政处罚以及其他对外管理服务事项。此外，未收到政府信息公开和行政复议申请，未发生针对政府信息公开事务"
    "的行政诉讼，未设置行政事业性收费。"
)

_PROBLEMS = (
    "2023，我中心在政务公开工作方面取得了一定进展，但仍存在一些问题和差距需要重视，一是信息公开不够及"
    "时。部分信息的发布存在滞后现象，导致公众对应急管理工作的了解不够充分，难以及时获取相关信息。二是信息"
    "公开的透明度有待提高。在一些事件中，相关信息的公开程度不够高，缺乏详细的解释和说明，给公众留下了一定"
    "的疑虑和不信任感。三是目前政务公开形式单一。缺乏多样化和互动性，难以满足公众对信息获取的多样化需求。"
    "针对以上问题，我中心将采取以下改进措施：一是加强信息发布的及时性。建立健全信息发布机制，确保相关信息"
    "能够第一时间向社会公众传递，并通过多种渠道进行广泛宣传。二是提高信息公开的透明度。加强与媒体和社会各"
    "界的沟通与互动，及时回应社会关切和疑虑，并提供详细解释和说明。三是拓宽政务公开的渠道和形式。利用微博"
    "、微信等社交媒体平台，开展在线问答、专题讲座等形式，增加公众参与度和互动性。"
)


def seed_report() -> AnnualReport:
    """The seed report as a value: 应急中心 2023 年政府信息公开工作年度报告, all tables zero.

    Example:
        >>> from disclosure_report.examples import seed_report
        >>> report = seed_report()
        >>> report.metadata.year, report.version.value
        (2023, '2021')
    """
    version = TemplateVersion.V2021
    return AnnualReport(
        metadata=Metadata(
            agency="应急中心",
            year=2023,
            version=version,
            title="应急中心 2023 年政府信息公开工作年度报告",
        ),
        overview=_OVERVIEW,
        active_disclosure=DisclosureTable.build(version=version),
        requests=RequestTable.build(version=version),
        review_litigation=ReviewTable.build(version=version),
        problems=_PROBLEMS,
        other_matters="无",
    )


def seed_text() -> str:
    """The seed report's published text, as copied from the document (tab-separated table cells)."""
    return resources.files(__package__).joinpath(SEED_TEXT_FILE).read_text(encoding="utf-8")
