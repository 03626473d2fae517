"""One entry per diagnostic code: `fatiao explain CODE` prints it, `fatiao build` writes docs/errors.md."""

from __future__ import annotations

from fatiao.diagnostics import Code

ENTRIES: dict[Code, tuple[str, str]] = {
    Code.SYNTAX: ("The spec does not follow the grammar here.",
                  "The parser names what it expected. Check for a missing `{`, `}` or `=>`."),
    Code.UNEXPECTED_END: ("The file ends inside a block.", "A `{` usually lacks its `}`."),
    Code.BAD_CHARACTER: ("A character the language does not use.",
                         "Numbers are ASCII (write 5万元, not ５万元); law text is quoted with ASCII \"…\"."),
    Code.GLUED_KEYWORD: ("A name swallowed the keyword after it.",
                         "Chinese has no spaces, so `违法所得不足 50万元` reads the name 「违法所得不足」. "
                         "Put a space between a name and a keyword: `违法所得 不足 50万元`."),
    Code.BAD_LITERAL: ("A literal that cannot mean anything, such as a deadline of 0 days.", ""),
    Code.DUPLICATE: ("The same name is declared twice.", "Every fact, value, enum and rule has one name."),
    Code.UNKNOWN_NAME: ("A name that is not declared.",
                        "Declare the fact with `fact NAME: money` (or count/quantity/date/bool), "
                        "or fix the spelling; the message suggests the closest name."),
    Code.WRONG_KIND: ("A name is used as something it is not (a bool fact as an amount, an enum as a rule).", ""),
    Code.UNIT_MISMATCH: ("Two amounts of different units meet: money and people, 公顷 and 立方米.",
                         "Compare each quantity with a threshold of its own unit; a fine must be money."),
    Code.EMPTY_RANGE: ("A range whose minimum is above its maximum.", "Write the smaller bound first: 5万元..50万元."),
    Code.BAD_FACTOR: ("A multiple or percentage that is not positive.", ""),
    Code.MISSING_CITATION: ("A rule without the sentence of the law it encodes.",
                            "Put `§ 第X条 \"…\"` before every penalty, deadline, requirement, definition "
                            "and convention."),
    Code.MISSING_QUOTE: ("A citation that quotes nothing.", "Quote the sentence, verbatim, after the article."),
    Code.UNKNOWN_ARTICLE: ("The cited article is not in the document.", "Check the article number."),
    Code.UNKNOWN_CLAUSE: ("The cited clause (款) or item (项) is not in that article.", ""),
    Code.QUOTE_NOT_FOUND: ("The quoted sentence is not in the cited place of the law text.",
                           "Quotes are compared with the committed law text (specs/law/<stem>.txt) after "
                           "removing whitespace. Copy the sentence exactly; `…` may stand for an omitted part."),
    Code.NO_LAW_TEXT: ("No cleaned law text beside the spec.", "Add specs/law/<stem>.txt (see specs/law/README.md)."),
    Code.BAD_CONVENTION: ("The meaning of 以上/以下/以内 is declared twice for the same scope.", ""),
    Code.BAD_DATE: ("Not a calendar date.", "Write YYYY-MM-DD."),
    Code.BAD_VALIDITY: ("A period in force that cannot be: it ends before it starts, or lies outside the "
                        "document's own span (`effective` … `until` in the header).",
                        "Dates are inclusive: `valid from 2023-05-01 until 2024-12-31` covers both days."),
    Code.VERSION_OVERLAP: ("Two versions of one value both claim the same day.",
                           "Each day belongs to exactly one version: start a version the day after the one "
                           "before it ends (2024-12-31 → 2025-01-01)."),
    Code.VERSION_GAP: ("Days between two versions of a value that no version covers.",
                       "A gap would leave the value undefined on those days. If the law really sets nothing "
                       "then, end the versions there and start a new `versions` declaration; otherwise close "
                       "the gap."),
    Code.AMBIGUOUS_PERIOD: ("A period whose meaning the compiler would have to guess: 满 with working days "
                            "(which have no anniversary), or 五日 inside a table in a document that says "
                            "五日 means working days.",
                            "Write the unit the law means explicitly (五个工作日), or restructure the deadline."),
    Code.BAD_EXAMPLE: ("An example gives a value that does not fit its fact, or a fact its rule does not use.", ""),
    Code.MISSING_FACT: ("An example leaves out a fact that its rule needs.", "Give every fact the rule reads."),
    Code.EXAMPLE_FAILED: ("An embedded example does not give what it expects.",
                          "Either the rule or the expectation is wrong: read the explanation with `fatiao eval`."),
    Code.UNREACHABLE_ROW: ("A tier after `otherwise` can never apply.", "Put `otherwise` last."),
    Code.BAD_META: ("The `law` header is wrong: a title that differs from the law text, a field given twice.", ""),
    Code.BAD_ACKNOWLEDGE: ("An `acknowledge` names no lint of `fatiao verify`, gives no reason, or sits on "
                           "something that is not a penalty.",
                           "Write `acknowledge \"fine-ratio\" \"why this rule departs from it\"` before a penalty; "
                           "the lints are fine-ratio and fine-without-correction."),
    Code.TIER_OVERLAP: ("`fatiao verify`: one value falls in two tiers of a table under the document's boundary "
                        "convention (e.g. 3 serious injuries in 「3人以下」 and 「3人以上6人以下」).",
                        "The report says how the spec resolves it: `cases highest` takes the most severe tier, "
                        "`cases first` the first; or declare the convention the law states with `convention`."),
    Code.TIER_GAP: ("`fatiao verify`: a value between two tiers' bands falls in none of them.",
                    "Check the bounds: 以上/以下 include the number, 不足/超过 exclude it."),
    Code.TIER_MONOTONICITY: ("`fatiao verify`: a more severe tier has a lower fine on one end of its range.", ""),
    Code.NON_MONOTONE: ("`fatiao verify`: raising an amount (gains, deaths, loss) lowers the fine.",
                        "Often the law's own shape (a fallback for 没有违法所得 only); the report shows both sides."),
    Code.FINE_JUMP: ("`fatiao verify`: across a threshold the fine jumps, leaving fines nobody can be given "
                     "(碳排放权交易管理暂行条例 第二十二条 at 50万元).", "A finding about the law, not a spec error."),
    Code.ESCALATION_MILDER: ("`fatiao verify`: an aggravating circumstance (拒不改正, 情节严重) makes the outcome milder.",
                             ""),
    Code.FINE_RATIO: ("Lint from 国发〔2024〕5号（六）: the top of a fine range is more than 10 times its bottom.",
                      "Acknowledge it with `acknowledge \"fine-ratio\" \"reason\"` when the matter is one of life, "
                      "health or financial safety."),
    Code.FINE_WITHOUT_CORRECTION: ("Lint from 国发〔2024〕5号（九）: a fine without an order to correct (责令改正).",
                                   "Add `must 责令改正`, or acknowledge it with the reason (for instance, the order "
                                   "is set by the law this rule implements)."),
    Code.EXCEEDS_HIGHER_LAW: ("Lint from 国发〔2024〕5号（四）: a 规章 sets a higher fine than the 法律 or 法规 it "
                              "implements (declared with `implements`) sets for the same violation.", ""),
    Code.NUMBER_NOT_IN_QUOTE: ("`fatiao verify`: a number the rule uses (a bound, a multiple, a threshold) is in none "
                               "of the sentences it cites: a typo, or a reading the spec must state.",
                               "Fix the number, cite the sentence that carries it, or acknowledge it with the "
                               "reason."),
    Code.NAME_CLASH: ("A name that generated Python cannot use, or two names Python would read as one.",
                      "Python folds names with NFKC (full-width letters equal ASCII ones) and reserves keywords."),
}


def entry(code: str) -> str | None:
    for c, (what, fix) in ENTRIES.items():
        if c.value == code:
            return f"{c.value}: {what}\n\n{fix}".rstrip()
    return None


def errors_markdown() -> str:
    lines = ["<!-- Generated by fatiao build from src/fatiao/error_index.py. Do not edit. -->",
             "# Diagnostics", "",
             "Every message fatiao prints starts with `file:line:col: error[code]`. "
             "`fatiao explain CODE` prints the section below.", ""]
    for c, (what, fix) in ENTRIES.items():
        lines += [f'<a id="{c.value}"></a>', "", f"## {c.value}", "", what, ""]
        if fix:
            lines += [fix, ""]
    return "\n".join(lines)
