#!/usr/bin/env python3
"""Extract one document from the PDF-extracted law compilation and clean it.

Developer tool only: the project never reads the compilation at run or test
time; the output files under specs/law/ are committed data.

Usage:
    python tools/clean_law_text.py SOURCE START END OUT [--explain]
        [--title-start N] [--title-lines N] [--body-start N]

START and END are 1-based raw line numbers (inclusive) in SOURCE; END should
be the last line of the last article (or of the signature/date, for notices).
OUT is written as UTF-8 with LF line endings:

    line 1        the document title
    next lines    the header lines, e.g. （2024年1月5日经国务院第23次常务会议通过）
    blank line
    body          one paragraph per line: a chapter heading (第一章 总则),
                  an article's first 款 (第X条 <text>, exactly one ASCII space),
                  each further 款, each item （一）… on its own line.

Title and header
  * header lines are the 通过/公布 parenthesis (or a dated parenthesis) and/or
    a document number (国发〔2024〕5号); the body starts after them (or, if
    there are none, at 第一条/第一章);
  * the title is the run of lines before the header, starting at the last
    page-start line (every document starts on a new page; the extraction
    puts a leading space on a page's first line), so lines of the previous
    document or a section heading such as （应急管理部） at the start of the
    range are skipped (reported on stderr).  --title-start, --title-lines and
    --body-start override these guesses.

Cleaning rules
  * blank lines and lone page numbers are dropped (reported on stderr: in a
    flattened table a lone number may be content);
  * every whitespace character is removed, except a single space between two
    ASCII letters/digits inside one raw line, and the single ASCII space after
    第X条 / 第X章 (a space between two CJK characters in the title is kept);
  * the text is otherwise copied verbatim (punctuation, digits, ％ vs % ...).

Paragraph ends are not marked in the source.  They are guessed from
  1. structure: a raw line that starts with 第X条 (next article number,
     followed by whitespace), 第X章/节/编, （一）, 一、, 1．, （1） ... starts a
     new paragraph (numbered items must continue their sequence or restart
     at 1);
  2. line width: the compilation is typeset at about 30 CJK characters per
     line (width 60 when CJK = 2, ASCII = 1), and the first line of a
     paragraph is indented by two characters.  A line clearly shorter than
     its capacity ends its paragraph; a full line ends its paragraph only if
     it ends with 。！？ (possibly followed by a closing quote/bracket).
  3. the first line of a notice's body ending in ： (the addressee) is a
     paragraph of its own.
Every guess that could go either way is reported on stderr (use --explain for
a line-by-line table), and the per-document table OVERRIDES below records the
hand-checked corrections.  A notice whose （一） items hold numbered points
(1. 2. …) may set "nest_points": the points then continue the item's
paragraph instead of starting their own, so that the item is one paragraph
(the law-text format has no level below an item).  An override names a raw line break as
"<end of line>|<start of next line>" (whitespace removed); it must match
exactly one line break in the document, otherwise the script stops.  An
override cannot undo a structural break.  Hand-checked breaks that the width
rule already gets right may be listed too, which silences their notes.
"""

import argparse
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Hand-checked corrections, keyed by the whitespace-free document title.
#   "break": line breaks that DO end a paragraph although the width rule says no
#   "join":  line breaks that do NOT end a paragraph although the rule says yes
# ---------------------------------------------------------------------------
OVERRIDES = {
    # raw lines 650-1077.  第十七条第三款 is one paragraph of two sentences;
    # its first line happens to end with 。 at full width.
    "碳排放权交易管理暂行条例": {
        # hand-checked: full lines ending in 。 that do end a 款
        "break": [
            "管理办法应当向社会公开。|全国碳排放权注册登记机构",      # 第五条
            "建立风险防控和信息披露制度。|国务院生态环境主管部门会同",  # 第五条
            "省级人民政府生态环境主管部门。|重点排放单位应当对其",      # 第十一条
        ],
        "join": ["并应当出示执法证件。|检查人员对检查中知悉"],
    },
    # raw lines 16884-17269 (the inventory's 16879-16883 are the end of the
    # previous document and a section heading): no correction needed.
    "生产安全事故罚款处罚规定": {"break": [], "join": []},
    # raw lines 15471-16141: five full lines ending in 。 that do end a 款
    # (checked against the raw text).
    "温室气体自愿减排交易管理办法（试行）": {
        "break": [
            "（以下简称注册登记系统）。|注册登记机构负责注册登记",      # 第六条
            "核证自愿减排量的交易应当通过交易系统进行。|核证自愿减排量交易可以采",  # 第二十五条
            "规定的有关情况作出说明。|被检查单位应当予以配合，",      # 第三十六条
            "规范、规则规定的程序的。|审定与核查机构出具虚假报",      # 第四十四条
            "核查活动的合格评定机构。|唯一性，是指项目未参与其",      # 第四十八条
        ],
        "join": [],
    },
    # raw lines 17290-17767 (the 办法 itself; 17270-17289 are the covering notice 矿安〔2023〕7号,
    # so --title-start 17290 --title-lines 1 --body-start 17292).  The raw text has no
    # indentation: a first line holds at most 28 CJK characters (width 56), a continuation line
    # 29-31.  Judged by the width of the line after each full line ending in 。:
    "矿山生产安全事故报告和调查处理办法": {
        "break": [
            "并邀请当地有管辖权的监察机关介入。|非煤矿山重大事故，由省级",  # 第二十条 (next line 56: a first line)
            "监察局省级局按程序结案。|重大及以下等级非煤矿山事",      # 第二十九条 (line 56: short)
        ],
        "join": [
            "应当及时提请县级以上人民政府组织核查。|核查属实的，按照规定程序",  # 第十四条 (next line 62)
            "任何单位和个人不得破坏事故现场、毁灭证据。|因事故抢险救援必须改变事",  # 第十六条 (60)
            "专家应实行回避制度。|原则上重大事故应当聘请事",          # 第二十条 (60)
            "可以委托具有相应资质的单位进行技术鉴定。|进行技术鉴定的单位应当出",  # 第二十三条 (58)
            "评估结果应当向社会公开。|评估工作组原则上由参加事",      # 第三十四条 (60)
        ],
    },
    # raw lines 17786-18314 (the 办法 itself; 17768-17785 are the covering notice 矿安〔2023〕13号,
    # so --title-start 17786 --title-lines 1 --body-start 17788).  No indentation in the raw
    # text either; judged by the width of the next line as above.
    "矿山安全标准工作管理办法": {
        "break": [
            "应当确定1家单位为标准牵头起草单位。|标准立项计划下达之日起7",  # 第十七条 (next line 56)
        ],
        "join": [
            "必须执行保障矿山安全生产的国家标准、行业标准。|矿山安全监管监察部门应当",  # (60)
            "按规定进行表彰奖励。|技术委员会秘书处承担单位",          # 第三十五条 (60)
        ],
    },
    # raw lines 18525-18795 (notice 矿安〔2023〕60号, signature and date included).
    # Its 一、（一） and 二、（一） items list numbered points 1. 2. …; nested into their item.
    "国家矿山安全监察局关于做好非煤矿山灾害情况发生重大变化及时报告和出现事故征兆等紧急情况及时撤人工作的通知": {
        "nest_points": True,
        "break": [
            "要依法依规严肃追责问责。|各省级非煤矿山安全监管监",      # 三（五） (next line 54)
            "转发至辖区内所有非煤矿山企业。|国家矿山安全监察局",      # the signature
        ],
        "join": [
            "及时报告、及时撤人的权力。|当出现事故征兆等紧急情况",    # 三（一） (next line 60)
        ],
    },
    # raw lines 18796-18922 (notice 矿安〔2023〕119号, signature and date included).  Item
    # 三（二） has a second paragraph (边坡监测系统应当根据…); the format has no paragraph below an
    # item, so it is joined to the item, which can then be cited as a whole.
    "国家矿山安全监察局关于开展露天矿山边坡监测系统建设及联网工作的通知": {
        "break": [],
        "join": ["要补充设计或重新设计。|边坡监测系统应当根据露天"],
    },
    # raw lines 11741-12325 (the 办法 itself; 11720-11740 are the covering notice 自然资发〔2024〕57号,
    # so --title-start 11741 --title-lines 1 --body-start 11743).  No indentation; judged by the
    # width of the next line (a first line holds at most 28 CJK characters).
    "自然资源领域数据安全管理办法": {
        "break": [
            "的自然资源行业各类单位。|本办法所称数据安全，是指",      # 第三条
            "数据目录并实施动态管理。|地方行业监管部门按照自然",      # 第八条
            "变化的，应及时上报更新。|数据处理者应当定期按照自",      # 第八条
            "据、重要数据、核心数据。|数据处理者可在此基础上细",      # 第九条
            "、频度、流向等进行记录。|通过间接途径获取重要数据",      # 第十三条
            "处理者应当销毁相应数据。|销毁重要数据和核心数据的",      # 第十九条
        ],
        "join": [
            "上网络安全等级保护要求。|存储核心数据的，要落实关",      # 第十四条 (next line 60)
            "影响或风险的，不得公开。|政府机关部门应当遵守公正",      # 第十八条 (60)
        ],
    },
    # raw lines 2-649 (the inventory's 2-647 stops one line short: 第五十二条's
    # second sentence continues on raw line 649).  Raw line 2 is the
    # compilation's section heading （法律法规）.
    "中华人民共和国档案法实施条例": {
        # hand-checked: full lines ending in 。 that do end a 款
        "break": [
            "参与和支持档案事业的发展。|档案行业组织依照法律、法",   # 第九条
            "发挥爱国主义教育和历史文化教育功能。|按照国家有关规定设置的其",  # 第十六条
            "即向有关的国家档案馆移交。|属于县级国家档案馆接收范",    # 第二十条
            "鉴定，形成鉴定工作报告。|经鉴定仍需继续保存的档案",      # 第二十四条
            "征得档案形成单位或者移交单位同意。|机关、团体、企业事业单位",  # 第三十四条
        ],
        "join": [],
    },
    # raw lines 1078-1601.
    "中华人民共和国消费者权益保护法实施条例": {
        # hand-checked: full lines ending in 。 that do end a 款
        "break": [
            "欺骗、误导消费者。|经营者不得在消费者不知情",              # 第九条
            "名称、经营地址、联系方式等信息。|经营者租赁他人柜台或者场",  # 第十三条
            "经营者不得拒绝无理由退货。|消费者退货的商品应当完好",      # 第十九条
            "履行约定或者退还预付款。|经营者出现重大经营风险，",        # 第二十二条
            "维护自身合法权益的能力。|消费者协会应当及时总结、",        # 第三十七条
            "误导的瑕疵的除外。|通过夹带、掉包、造假、篡",              # 第四十九条
        ],
        "join": [],
    },
    # raw lines 1602-2079.  第四十三条's last 款 is one paragraph of two
    # sentences whose first raw line ends with 。 at full width (as in the
    # carbon document's 第十七条第三款).  第三十三条 starts 「镇园林绿化」 in the
    # compilation (the official text reads 「城镇园林绿化」); kept verbatim.
    "节约用水条例": {
        # hand-checked: full lines ending in 。 that do end a 款
        "break": [
            "按照职责分工做好节水有关工作。|县级以上地方人民政府有关",  # 第七条
            "节水宣传教育和知识普及活动。|新闻媒体应当开展节水公益",    # 第九条
            "（以下称国家用水定额）。|组织制定国家用水定额，应",        # 第十一条
            "的单位实行计划用水管理。|用水单位的用水计划应当根",        # 第十三条
            "技术、工艺、设备和产品。|从事生产经营活动的使用者",        # 第二十条
            "因地制宜发展旱作农业。|国家对水资源短缺地区发展",          # 第二十三条
            "节水技术的研究和推广。|县级以上人民政府及其有关",          # 第二十四条
            "应当优先发展节水灌溉。|县级以上人民政府及其有关",          # 第二十五条
        ],
        "join": ["应当主动出示执法证件。|被检查单位和个人应当予以"],
    },
    # raw lines 22146-22546 (raw line 22145 is the section heading （其他部门）).
    "生产建设项目水土保持方案管理办法": {
        # hand-checked: full lines ending in 。 that do end a 款 (the next raw
        # line is indented as a paragraph start)
        "break": [
            "土保持方案监督管理工作。|水利部所属流域管理机构（",    # 第三条
            "律法规和技术标准的要求。|存在下列情形之一的,水行",    # 第十五条
            "水土保持设施验收不合格。|县级以上人民政府水行政主",    # 第二十六条
        ],
        "join": [],
    },
    # raw lines 22547-22606 (人社部发〔2023〕19号), ending with the signatures and date.
    # The closing paragraph 「阶段性降低…社会关注度高。各地要把思想…报告。」 is one
    # paragraph: its first raw line is indented and happens to end with 。.
    "人力资源社会保障部财政部国家税务总局关于阶段性降低失业保险、工伤保险费率有关问题的通知": {
        "break": ["政部、国家税务总局报告。|人力资源社会保障部"],     # last paragraph / signatures
        "join": ["政策性强，社会关注度高。|各地要把思想和行动统一到"],
    },
    # raw lines 7541-8201 (lines 7541-7550 end the previous document; the title
    # detection skips them).  第五十七条's first raw line is short only because
    # its four quoted words are typeset wide: it continues on the next line.
    "自然资源行政处罚办法": {
        # hand-checked: full lines ending in 。 that do end a 款
        "break": [
            "办人员应当提交调查报告。|调查报告应当包括当事人的",    # 第二十九条
            "自然资源主管部门的印章。|行政处罚决定书一经送达，",    # 第三十五条
        ],
        "join": ["“七日”“十日”指工|作日，不含法定节假日。"],         # 第五十七条
    },
    # raw lines 14321-15470 (raw line 14321 is the section heading （生态环境部）).
    # The header lines include the 部令 text, the minister and the date; they sit
    # before 第一条 and are not part of any article.
    "生态环境行政处罚办法": {
        # hand-checked: full lines ending in 。 that do end a 款
        "break": [
            "据实际情况进行音像记录。|现场检查（勘察）笔录应当",    # 第二十九条
            "意见，移送进行案件审查。|本案的调查人员不得作为本",    # 第三十七条
            "所采取的改正措施及效果。|同类违法行为的情节相同或",    # 第四十一条
            "予采纳的，应当说明理由。|不得因当事人的陈述、申辩",    # 第四十五条
            "应当制作行政处罚决定书。|对同一当事人的两个或者两",    # 第五十五条
            "，应当按照国家规定处理。|销毁物品，应当按照国家有",    # 第七十五条
            "当建立行政处罚备案制度。|下级生态环境主管部门对上",    # 第八十三条
        ],
        # 第七条第二款 is one paragraph of two sentences (从旧兼从轻); 第九十条's
        # first raw line is short only because its quoted words are typeset wide.
        "join": [
            "法律、法规、规章的规定。|但是，作出行政处罚决定时",
            "“七日”的规定是指工作|日，不含法定节假日。",
        ],
    },
    # raw lines 21491-21566.  The extraction turned the separators between the
    # issuing bodies of 国科发火〔2016〕32号 into ？, which the width rule reads as
    # a full stop; the definition of 先进制造业企业 is one paragraph.
    # raw lines 20434-20934 (the 办法 attached to 财综〔2023〕10号, without the
    # covering notice; the rate table after 第三十七条 is rebuilt by hand, see
    # specs/law/README.md).  Four full lines ending in 。 do end a 款.
    "矿业权出让收益征收办法": {
        "break": [
            "全部缴入中央国库。|地方分成的矿业权出让收益",          # 第四条
            "采矿许可证有效期的一半。|具体首次征收比例",            # 第十二条
            "并将结果报自然资源部备案。|矿业权出让收益市场基准价",  # 第十三条
            "在采矿权新立时征收采矿权出让收益。|采矿权变更开采主矿种时",  # 第十六条
        ],
        "join": [],
    },
    # raw lines 22834-23038: only the table of contents survives.  Its entries end
    # without punctuation, so full-width entries run into the next one and one
    # entry broken before its last characters looks finished.
    "我国支持科技创新主要税费优惠政策指引": {
        "break": [
            "年费和复审费减免政策|第五部分重点产业发展",
            "分期缴纳进口环节增值税政策|重大技术装备生产企业",
            "向个人股东转增股本分期缴纳个人所得税政策|科技企业孵化器",
            "企业所得税、个人所得税政策|科普单位门票收入",
        ],
        "join": ["免征进口关税和进口环|节增值税政策"],
    },
    "财政部税务总局关于先进制造业企业增值税加计抵减政策的公告": {
        "break": [],
        "join": ["是指按照《科技部？|财政部？国家税务总局关于"],
    },
}

CN_DIGITS = "零〇一二三四五六七八九十百千两"
CN = "[" + CN_DIGITS + "]+"

ARTICLE_RE = re.compile(r"^第(" + CN + r")条(之[一二三四五六七八九十]+)?(?=\s)")
DIVISION_RE = re.compile(r"^第(" + CN + r")(编|分编|章|节)(?:\s|$)")
# numbered items / sections; group 1 = the number, style key = pattern index
ITEM_RES = [
    re.compile(r"^（(" + CN + r")）"),          # （一）
    re.compile(r"^(" + CN + r")、"),            # 一、
    re.compile(r"^（(\d+)）"),                  # （1）
    re.compile(r"^\((\d+)\)"),                  # (1)
    re.compile(r"^(\d+)(?:．|、|\.(?!\d))"),    # 1．  1、  1.
]
POINT_STYLE = 4  # the index of 1．/1、/1. in ITEM_RES
# 国办函〔2023〕51 号, 自然资发[2023]166号, 公告2023年第7号, 令第14号
DOCNO_RE = re.compile(r"[〔\[]\d{4}[〕\]]\d+号|公告\d{4}年第\d+号|令第\d+号")
PAGE_NUMBER_RE = re.compile(r"^\s*[-—–]?\s*\d{1,4}\s*[-—–]?\s*$")

TERMINAL = "。！？"
CLOSERS = "”’」』）》"

FULL_WIDTH = 60      # width of a full continuation line
INDENT = 4           # first line of a paragraph is indented by 2 CJK chars
SHORT_MARGIN = 4     # a line narrower than capacity - SHORT_MARGIN is "short"


def cn2int(s):
    """Chinese numeral (一 … 九千九百九十九) to int."""
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    units = {"十": 10, "百": 100, "千": 1000}
    total, cur = 0, 0
    for ch in s:
        if ch in digits:
            cur = digits[ch]
        elif ch in units:
            total += (cur or 1) * units[ch]
            cur = 0
        else:
            raise ValueError(s)
    return total + cur


def width(line):
    """Typeset width of a raw line: CJK/full-width = 2, everything else = 1."""
    s = line.strip()
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def is_ascii_alnum(c):
    return c.isascii() and c.isalnum()


def squeeze(text):
    """Remove whitespace except one space between two ASCII letters/digits."""
    out = []
    parts = re.split(r"(\s+)", text.strip())
    for i, part in enumerate(parts):
        if not part:
            continue
        if part.isspace():
            left = parts[i - 1][-1:] if i > 0 else ""
            right = parts[i + 1][:1] if i + 1 < len(parts) else ""
            if left and right and is_ascii_alnum(left) and is_ascii_alnum(right):
                out.append(" ")
        else:
            out.append(part)
    return "".join(out)


def squeeze_title(text):
    """Like squeeze, but keep one space between two CJK characters
    (e.g. 中共中央 国务院关于…)."""
    out = []
    parts = re.split(r"(\s+)", text.strip())
    for i, part in enumerate(parts):
        if not part:
            continue
        if part.isspace():
            left = parts[i - 1][-1:] if i > 0 else ""
            right = parts[i + 1][:1] if i + 1 < len(parts) else ""
            if left and right:
                if is_ascii_alnum(left) and is_ascii_alnum(right):
                    out.append(" ")
                elif (unicodedata.east_asian_width(left) == "W"
                      and unicodedata.east_asian_width(right) == "W"
                      and unicodedata.category(left) == "Lo"
                      and unicodedata.category(right) == "Lo"):
                    out.append(" ")
        else:
            out.append(part)
    return "".join(out)


def nospace(s):
    return re.sub(r"\s+", "", s)


def ends_sentence(s):
    s = s.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in TERMINAL


def load(source, start, end, warn):
    with open(source, encoding="utf-8") as f:
        raw = f.read().split("\n")
    if not (1 <= start <= end <= len(raw)):
        sys.exit(f"line range {start}-{end} outside 1-{len(raw)}")
    kept = []
    for n in range(start, end + 1):
        text = raw[n - 1].replace("\r", "")
        if not text.strip():
            continue
        if PAGE_NUMBER_RE.match(text):
            warn(f"line {n}: dropped page number {text.strip()!r}")
            continue
        kept.append((n, text))
    return kept


def is_header_line(text):
    """A document number (国发〔2024〕5号) or a parenthesis carrying a date,
    a document number or 通过/公布/发布/修订/修正/施行."""
    s = nospace(text)
    if s[:1] in "（(":
        return bool(re.search(r"\d{4}年|通过|公布|发布|修订|修正|施行", s)
                    or DOCNO_RE.search(s))
    return bool(DOCNO_RE.search(s))


def locate(lines, body_start, title_start):
    """Return (title index, body index) within the kept lines.

    The header is the first header line within the first 15 lines plus the
    header lines (or wrapped parenthesis) directly after it; the body starts
    after it.  The title is the run of lines before it, starting at the last
    page-start line (raw line with leading whitespace: every document of the
    compilation starts on a new page), so that the previous document's
    signature or a section heading such as （应急管理部） is skipped.
    Without any header line the title is the first line and the body starts
    at 第一条/第一章.  --title-start / --body-start override the guesses."""
    def index_of(n, opt):
        for i, (m, _) in enumerate(lines):
            if m == n:
                return i
        sys.exit(f"{opt} {n} is not a kept line in the range")

    h = next((i for i, (_, t) in enumerate(lines[:15])
              if i > 0 and is_header_line(t)), None)
    if title_start is not None:
        t0 = index_of(title_start, "--title-start")
    elif h is not None:
        t0 = max([i for i in range(h) if lines[i][1][:1].isspace()] or [0])
    else:
        t0 = 0
    if body_start is not None:
        return t0, index_of(body_start, "--body-start")
    if h is not None:
        i, open_paren = h, False
        while i < len(lines):
            s = nospace(lines[i][1])
            if open_paren:
                open_paren = not s.endswith(("）", ")"))
            elif is_header_line(lines[i][1]):
                open_paren = s[:1] in "（(" and not s.endswith(("）", ")"))
            else:
                return t0, i
            i += 1
        sys.exit("document has no body after its header lines")
    for i, (_, t) in enumerate(lines):
        s = t.strip()
        m = ARTICLE_RE.match(s) or DIVISION_RE.match(s)
        if m and cn2int(m.group(1)) == 1:
            return t0, i
    sys.exit("no header line and no 第一条/第一章 found: give --body-start N "
             "(raw line number of the first body line)")


def split_header(header, title_lines):
    """Title = the lines before the first header line (or --title-lines);
    the rest are header lines, a parenthesis wrapped over several raw lines
    being joined into one."""
    if title_lines is None:
        title_lines = len(header)
        for i, (_, t) in enumerate(header):
            if i > 0 and is_header_line(t):
                title_lines = i
                break
    title = squeeze_title("".join(t.strip() for _, t in header[:title_lines]))
    rest, cur = [], ""
    for _, t in header[title_lines:]:
        cur += t.strip()
        if nospace(cur)[-1:] in "）)" or nospace(cur)[:1] not in "（(":
            rest.append(squeeze_title(cur))
            cur = ""
    if cur:
        rest.append(squeeze_title(cur))
    return title, rest


def structural(text, state):
    """Return a label if the raw line starts a new paragraph by structure."""
    s = text.strip()
    m = ARTICLE_RE.match(s)
    if m:
        num = cn2int(m.group(1))
        if m.group(2):  # 第X条之一 follows 第X条
            ok = num == state["article"]
        else:
            ok = state["article"] is None or num == state["article"] + 1
        if ok:
            return ("article", num)
        return ("bad-article", num)
    m = DIVISION_RE.match(s)
    if m and width(s) <= 40:
        return ("division", m.group(2))
    for k, rx in enumerate(ITEM_RES):
        m = rx.match(s)
        if m:
            g = m.group(1)
            num = int(g) if g.isdigit() else cn2int(g)
            prev = state["items"].get(k)
            if num == 1 or (prev is not None and num == prev + 1):
                return ("item", (k, num))
            return ("bad-item", (k, num))
    return None


def paragraphs(body, overrides, warn, explain):
    """Group body lines into paragraphs (lists of raw lines)."""
    # resolve overrides to line indices (break after index i)
    forced = {}
    for action in ("break", "join"):
        for key in overrides.get(action, []):
            a, b = key.split("|")
            hits = [i for i in range(len(body) - 1)
                    if nospace(body[i][1]).endswith(a)
                    and nospace(body[i + 1][1]).startswith(b)]
            if len(hits) != 1:
                sys.exit(f"override {action} {key!r} matches {len(hits)} line "
                         f"breaks (need exactly 1)")
            forced[hits[0]] = action

    state = {"article": None, "items": {}}
    point_start = -1
    paras = []
    cur = []
    rows = []
    for i, (n, t) in enumerate(body):
        reason = ""
        if not cur:
            new = True
            reason = "first"
        else:
            prev_t = body[i - 1][1]
            # a paragraph's first line (and a nested point's) is indented
            cap = FULL_WIDTH - (INDENT if len(cur) == 1 or point_start == i - 1 else 0)
            w = width(prev_t)
            st = structural(t, state)
            if (st and st[0] == "item" and st[1][0] == POINT_STYLE
                    and overrides.get("nest_points")):
                # a notice's 1. 2. points belong to the （一） item above them, so that
                # the item is one paragraph and can be cited as a whole
                new, reason = False, "nested-point"
                state["items"][POINT_STYLE] = st[1][1]
                point_start = i
            elif st and st[0] in ("article", "division", "item"):
                new, reason = True, "struct:" + st[0]
            elif i - 1 in forced:
                new = forced[i - 1] == "break"
                reason = "override:" + forced[i - 1]
            elif (not paras and len(cur) == 1 and nospace(prev_t)[-1] == "："
                  and not ARTICLE_RE.match(prev_t.strip())):
                # the addressee line of a notice (各省、自治区…：)
                new, reason = True, "addressee"
            elif w < cap - SHORT_MARGIN:
                new, reason = True, f"short({w}<{cap - SHORT_MARGIN})"
                if not ends_sentence(prev_t) and nospace(prev_t)[-1] not in "；：":
                    warn(f"line {body[i-1][0]}: short line without final "
                         f"punctuation ends a paragraph: {nospace(prev_t)!r}")
            elif ends_sentence(prev_t):
                new, reason = True, f"full+stop({w})"
                warn(f"line {body[i-1][0]}: full line ending in a full stop "
                     f"taken as paragraph end (check): "
                     f"…{nospace(prev_t)[-12:]!r} / {nospace(t)[:12]!r}…")
            else:
                new, reason = False, f"cont({w})"
            if st and st[0].startswith("bad-"):
                warn(f"line {n}: looks like {st[0][4:]} {st[1]} but out of "
                     f"sequence; not used as a paragraph start")
        if new and cur:
            paras.append(cur)
            cur = []
        if new:
            st = structural(t, state)
            if st and st[0] == "article":
                state["article"] = st[1]
                state["items"] = {}
            elif st and st[0] == "item":
                k, num = st[1]
                state["items"][k] = num
            elif st and st[0] == "division":
                state["items"] = {}
        cur.append((n, t))
        rows.append((n, width(t), reason, t.strip()))
    if cur:
        paras.append(cur)
    if explain:
        for n, w, reason, t in rows:
            mark = "¶" if not reason.startswith("cont") else " "
            print(f"{n:6d} {w:3d} {mark} {reason:18s} {t}", file=sys.stderr)
    return paras


def render(para, warn):
    texts = [t.strip() for _, t in para]
    for (n, a), b in zip(para, texts[1:], strict=False):
        a = a.strip()
        if is_ascii_alnum(a[-1]) and is_ascii_alnum(b[0]):
            warn(f"line {n}: ASCII letters/digits joined across a line break: "
                 f"{a[-8:]!r}+{b[:8]!r}")
    first = texts[0]
    m = ARTICLE_RE.match(first) or DIVISION_RE.match(first)
    if m:
        head = m.group(0).strip()
        rest = first[m.end():]
        return head + " " + "".join(squeeze(x) for x in [rest] + texts[1:])
    return "".join(squeeze(x) for x in texts)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("start", type=int)
    ap.add_argument("end", type=int)
    ap.add_argument("out")
    ap.add_argument("--body-start", type=int, default=None,
                    help="raw line number of the first body line "
                         "(default: the line after the header lines)")
    ap.add_argument("--title-start", type=int, default=None,
                    help="raw line number of the title's first line "
                         "(default: the page start before the header lines)")
    ap.add_argument("--title-lines", type=int, default=None,
                    help="number of raw lines forming the title")
    ap.add_argument("--explain", action="store_true",
                    help="print each raw line with the paragraph decision")
    args = ap.parse_args(argv)

    def warn(msg):
        print("note: " + msg, file=sys.stderr)

    lines = load(args.source, args.start, args.end, warn)
    t0, b = locate(lines, args.body_start, args.title_start)
    if t0:
        warn(f"skipped {t0} line(s) before the title (raw lines "
             f"{lines[0][0]}-{lines[t0 - 1][0]}: end of the previous document "
             f"or a section heading)")
    title, header = split_header(lines[t0:b], args.title_lines)
    overrides = OVERRIDES.get(nospace(title), {})
    if nospace(title) not in OVERRIDES:
        warn(f"no OVERRIDES entry for {nospace(title)!r}")
    paras = paragraphs(lines[b:], overrides, warn, args.explain)
    body = [render(p, warn) for p in paras]

    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join([title] + header + [""] + body) + "\n")
    n_articles = sum(1 for p in body if re.match(r"^第" + CN + r"条 ", p))
    print(f"{args.out}: {len(body)} paragraphs, {n_articles} articles",
          file=sys.stderr)


if __name__ == "__main__":
    main()
