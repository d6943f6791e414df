"""The form's printed texts, character for character: the one place they are written.

Official labels of every section, table, row and column (keyed by the stable snake_case keys of
:mod:`disclosure_report._form.keys`, which attaches them to the enumerations), the labels a version prints
differently, the other texts printed in the tables, variants seen in real reports, and the traditional
forms of all of them. Sources and confidence: the project's format notes; the 2021 labels are those of
国办公开办函〔2021〕30号, the 2019 ones those of the trial format (国办公开办函〔2019〕60号).

This module is data only and imports nothing of the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

SECTIONS: Final[Mapping[str, str]] = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}

TABLES: Final[Mapping[str, str]] = {
    "active_disclosure": "主动公开政府信息情况",
    "requests": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}

ARTICLE_ITEMS: Final[Mapping[str, str]] = {
    "item_1": "第二十条第（一）项",
    "item_5": "第二十条第（五）项",
    "item_6": "第二十条第（六）项",
    "item_8": "第二十条第（八）项",
    "item_9": "第二十条第（九）项",
}

DISCLOSURE_ROWS: Final[Mapping[str, str]] = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}

DISCLOSURE_COLUMNS: Final[Mapping[str, str]] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decided": "本年处理决定数量",
    "fee_amount": "本年收费金额（单位：万元）",
    "newly_made": "本年新制作数量",
    "newly_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "previous_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "procurement_items": "采购项目数量",
    "procurement_amount": "采购总金额",
}

OUTCOMES: Final[Mapping[str, str]] = {
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other_processing": "（六）其他处理",
}

REQUEST_ROWS: Final[Mapping[str, str]] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "1.属于国家秘密",
    "withheld_prohibited_by_law": "2.其他法律行政法规禁止公开",
    "withheld_security_stability": "3.危及“三安全一稳定”",
    "withheld_third_party": "4.保护第三方合法权益",
    "withheld_internal_affairs": "5.属于三类内部事务信息",
    "withheld_process_information": "6.属于四类过程性信息",
    "withheld_enforcement_file": "7.属于行政执法案卷",
    "withheld_query_matter": "8.属于行政查询事项",
    "unavailable_not_held": "1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "2.没有现成信息需要另行制作",
    "unavailable_still_unclear": "3.补正后申请内容仍不明确",
    "not_processed_petition": "1.信访举报投诉类申请",
    "not_processed_repeated": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物",
    "not_processed_excessive": "4.无正当理由大量反复申请",
    "not_processed_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_not_corrected": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_fee_unpaid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他",
    "other_processing": "（六）其他处理",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}

APPLICANTS: Final[Mapping[str, str]] = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_organization": "社会公益组织",
    "legal_service_institution": "法律服务机构",
    "other": "其他",
    "total": "总计",
}

APPLICANT_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "natural_person": ("个人",),
    "legal_person": ("法人和其他组织", "法人及其他组织", "法人或者其他组织"),
    "commercial_enterprise": ("企业",),
    "social_welfare_organization": ("公益组织",),
}
"""Short forms reports write for the applicant types of table 三, by key (``legal_person`` is the header over
the five columns of legal persons): ``个人申请`` for 自然人. The statement reader reads each as its column,
unless another word follows that makes it a part of another noun (个人隐私, 企业职工).
"""

REVIEW_ROWS: Final[Mapping[str, str]] = {
    "administrative_review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}

REVIEW_COLUMNS: Final[Mapping[str, str]] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

OUTCOME_SHORT: Final[Mapping[str, str]] = {
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other_processing": "其他处理",
}
"""Each outcome category's name without its ordinal."""

REQUEST_ROW_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "granted": ("同意公开", "全部公开"),
    "partially_granted": ("区分处理",),
    "withheld_state_secret": ("国家秘密",),
    "withheld_prohibited_by_law": ("法律行政法规禁止公开", "法律法规禁止公开"),
    "withheld_security_stability": ("三安全一稳定",),
    "withheld_third_party": ("第三方合法权益", "第三方权益"),
    "withheld_internal_affairs": ("内部事务信息", "内部管理信息"),
    "withheld_process_information": ("过程性信息",),
    "withheld_enforcement_file": ("行政执法案卷", "执法案卷"),
    "withheld_query_matter": ("行政查询事项", "查询事项"),
    "unavailable_not_held": ("不掌握", "信息不存在", "该信息不存在"),
    "unavailable_needs_creation": ("没有现成信息", "另行制作"),
    "unavailable_still_unclear": ("内容仍不明确", "仍不明确"),
    "not_processed_petition": (
        *("信访举报投诉", "信访类", "信访投诉类", "投诉举报类", "信访、投诉、举报", "信访、举报、投诉"),
    ),
    "not_processed_repeated": ("重复申请", "重复提出", "不予重复处理"),
    "not_processed_publication": ("公开出版物",),
    "not_processed_excessive": ("大量反复申请", "反复申请"),
    "not_processed_confirmation": ("确认或重新出具", "重新出具"),
    "other_not_corrected": (
        *("逾期不补正", "逾期未补正", "未在规定期限内补正", "规定期限内未补正", "未在规定时间内补正"),
    ),
    "other_fee_unpaid": (
        "逾期未缴纳",
        "逾期未缴纳费用",
        "逾期未缴纳信息处理费",
        "未按收费通知要求缴纳费用",
        "未缴纳信息处理费",
    ),
    "other_processing": ("不再处理", "终止办理"),
}
"""Short forms reports write for table 三's rows, by row key: ``没有现成信息`` for
``2.没有现成信息需要另行制作``, ``信访类`` for ``1.信访举报投诉类申请``. The statement reader reads each as
its row; a sub-row's label without its ordinal (``属于国家秘密``) is read too, without being listed here.
"""

VERSION_DISCLOSURE_ROWS: Final[Mapping[str, Mapping[str, str]]] = {
    "2019": {"normative_documents": "规范性文件"},
}
"""Rows of table 二 a version labels otherwise than the newest version, by version and row key."""

# Texts printed in the tables that are neither row nor column labels.
REQUESTS_NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
"""The note in table 三's top-left cell: the one accounting relation the form prints."""
REQUESTS_APPLICANTS_HEADER: Final = "申请人情况"
REQUESTS_LEGAL_PERSONS_HEADER: Final = "法人或其他组织"
REQUESTS_RESULTS_GROUP: Final = "三、本年度办理结果"
DISCLOSURE_FIRST_HEADER: Final = "信息内容"
REVIEW_LITIGATION_HEADER: Final = "行政诉讼"

HEADING_VARIANTS: Final[Mapping[str, tuple[str, ...]]] = {
    "problems": ("五、政府信息公开工作存在的主要问题及改进情况",),
}
"""Other section headings seen in real reports, by section key (tolerated, reported as info)."""

REQUEST_ROW_VARIANTS: Final[Mapping[str, tuple[str, ...]]] = {
    "partially_granted": ("（二）部分公开",),
}
"""Other labels of table 三's rows seen in real reports, by row key (read, reported as a variant)."""

TRADITIONAL: Final[Mapping[str, str]] = {
    "一、总体情况": "一、總體情況",
    "二、主动公开政府信息情况": "二、主動公開政府信息情況",
    "三、收到和处理政府信息公开申请情况": "三、收到和處理政府信息公開申請情況",
    "四、政府信息公开行政复议、行政诉讼情况": "四、政府信息公開行政複議、行政訴訟情況",
    "五、存在的主要问题及改进情况": "五、存在的主要問題及改進情況",
    "六、其他需要报告的事项": "六、其他需要報告的事項",
    "主动公开政府信息情况": "主動公開政府信息情況",
    "收到和处理政府信息公开申请情况": "收到和處理政府信息公開申請情況",
    "政府信息公开行政复议、行政诉讼情况": "政府信息公開行政複議、行政訴訟情況",
    "第二十条第（一）项": "第二十條第（一）項",
    "第二十条第（五）项": "第二十條第（五）項",
    "第二十条第（六）项": "第二十條第（六）項",
    "第二十条第（八）项": "第二十條第（八）項",
    "第二十条第（九）项": "第二十條第（九）項",
    "规章": "規章",
    "行政规范性文件": "行政規範性文件",
    "行政许可": "行政許可",
    "其他对外管理服务事项": "其他對外管理服務事項",
    "行政处罚": "行政處罰",
    "行政强制": "行政強制",
    "行政事业性收费": "行政事業性收費",
    "政府集中采购": "政府集中採購",
    "本年制发件数": "本年制發件數",
    "本年废止件数": "本年廢止件數",
    "现行有效件数": "現行有效件數",
    "本年处理决定数量": "本年處理決定數量",
    "本年收费金额（单位：万元）": "本年收費金額（單位：萬元）",
    "本年新制作数量": "本年新制作數量",
    "本年新公开数量": "本年新公開數量",
    "对外公开总数量": "對外公開總數量",
    "上一年项目数量": "上一年項目數量",
    "本年增/减": "本年增/減",
    "处理决定数量": "處理決定數量",
    "采购项目数量": "採購項目數量",
    "采购总金额": "採購總金額",
    "（一）予以公开": "（一）予以公開",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公開（區分處理的，只計這一情形，不計其他情形）",
    "（三）不予公开": "（三）不予公開",
    "（四）无法提供": "（四）無法提供",
    "（五）不予处理": "（五）不予處理",
    "（六）其他处理": "（六）其他處理",
    "一、本年新收政府信息公开申请数量": "一、本年新收政府信息公開申請數量",
    "二、上年结转政府信息公开申请数量": "二、上年結轉政府信息公開申請數量",
    "1.属于国家秘密": "1.屬於國家秘密",
    "2.其他法律行政法规禁止公开": "2.其他法律行政法規禁止公開",
    "3.危及“三安全一稳定”": "3.危及“三安全一穩定”",
    "4.保护第三方合法权益": "4.保護第三方合法權益",
    "5.属于三类内部事务信息": "5.屬於三類內部事務信息",
    "6.属于四类过程性信息": "6.屬於四類過程性信息",
    "7.属于行政执法案卷": "7.屬於行政執法案卷",
    "8.属于行政查询事项": "8.屬於行政查詢事項",
    "1.本机关不掌握相关政府信息": "1.本機關不掌握相關政府信息",
    "2.没有现成信息需要另行制作": "2.沒有現成信息需要另行製作",
    "3.补正后申请内容仍不明确": "3.補正後申請內容仍不明確",
    "1.信访举报投诉类申请": "1.信訪舉報投訴類申請",
    "2.重复申请": "2.重複申請",
    "3.要求提供公开出版物": "3.要求提供公開出版物",
    "4.无正当理由大量反复申请": "4.無正當理由大量反覆申請",
    "5.要求行政机关确认或重新出具已获取信息": "5.要求行政機關確認或重新出具已獲取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "1.申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府信息公開申請",
    "（七）总计": "（七）總計",
    "四、结转下年度继续办理": "四、結轉下年度繼續辦理",
    "商业企业": "商業企業",
    "科研机构": "科研機構",
    "社会公益组织": "社會公益組織",
    "法律服务机构": "法律服務機構",
    "总计": "總計",
    "行政复议": "行政複議",
    "未经复议直接起诉": "未經複議直接起訴",
    "复议后起诉": "複議後起訴",
    "结果维持": "結果維持",
    "结果纠正": "結果糾正",
    "其他结果": "其他結果",
    "尚未审结": "尚未審結",
    "规范性文件": "規範性文件",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）": "（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）",
    "申请人情况": "申請人情況",
    "法人或其他组织": "法人或其他組織",
    "三、本年度办理结果": "三、本年度辦理結果",
    "信息内容": "信息內容",
    "行政诉讼": "行政訴訟",
    "五、政府信息公开工作存在的主要问题及改进情况": "五、政府信息公開工作存在的主要問題及改進情況",
    "（二）部分公开": "（二）部分公開",
    "予以公开": "予以公開",
    "部分公开": "部分公開",
    "不予公开": "不予公開",
    "无法提供": "無法提供",
    "不予处理": "不予處理",
    "其他处理": "其他處理",
}
"""Every printed text above in traditional characters, as mirror sites in 繁體 print it.

Whole texts, not characters one by one: 制发 is 制發 and 重复 is 重複 (a character-by-character mapping
prints 製發 and 重復). The forms are those of OpenCC's ``s2tw`` conversion (all encodable in Big5); a test
checks every entry against OpenCC, which is not needed at run time. Texts that read the same in both
scripts are not listed.
"""


def traditional(text: str) -> str:
    """A printed text in traditional characters; a text not printed by the form is returned as it is."""
    return TRADITIONAL.get(text, text)
