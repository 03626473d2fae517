"""Regenerate docs/questions.md by running its commands (tests/test_questions.py checks it stays true)."""
import shlex
import subprocess
import sys

Q = [
 ("A key emitter failed to surrender 1,200 t of allowances; the average price in the month before the deadline was 92 元/t. What is the fine range, what else may happen, and which article says so?",
  "fatiao eval specs/carbon_emissions_trading.fatiao 未足额清缴碳排放配额 --fact 未清缴配额=1200吨二氧化碳当量 --fact 平均成交价格=92元/吨二氧化碳当量 --fact 拒不改正=false",
  "The fine is 5 to 10 times 1,200 t × 92 元/t, so 552,000 to 1,104,000 元, and the unit must be ordered to correct. Run it again with `--fact 拒不改正=true` and the allowance cut for next year (mandatory, 1,200 t) and the discretionary 停产整治 appear. `fatiao describe specs/carbon_emissions_trading.fatiao` lists every rule with the facts it needs; `--json` gives the same answer to a program."),
 ("An accident killed 4 people, seriously injured 2 and caused 600万元 of direct loss. What fine does the unit face, and under which item?",
  "fatiao eval specs/production_safety_fines.fatiao 较大事故单位罚款 --fact 死亡人数=4人 --fact 重伤人数=2人 --fact 直接经济损失=600万元",
  "4 deaths fall in item （一） of 第十五条 (3 to 5 deaths), so the fine is 100万 to 120万元: a range within which the authority decides. The explanation shows every criterion tested, with how each boundary is read (以上/以下 include the number)."),
 ("The unit's 主要负责人 earned 36万元 last year. What is his fine for that 较大事故?",
  "fatiao eval specs/production_safety_fines.fatiao 主要负责人未履职导致事故 --fact 等级=较大事故 --fact 主要负责人上一年年收入=36万元 --fact 省级上一年度城镇单位就业人员平均工资=12万元",
  "第十九条 sets the fine as a percentage of last year's income: 60% for a 较大事故. If the income is unknown, pass `--fact 主要负责人上一年年收入=unknown`: the regulation's fallback (5 to 10 times the provincial average wage) applies, the fine becomes 36万 to 72万元, and the explanation says so."),
 ("The verification of an emitter's report finished on Friday 2024-09-27. By when must the result be fed back?",
  "fatiao eval specs/carbon_emissions_trading.fatiao 反馈核查结果 --fact 核查完成日期=2024-09-27",
  "Seven working days on the State Council's calendar: the National Day holiday is skipped and Sunday 09-29 and Saturday 10-12, made working days, count."),
 ("A serious (重大) accident happened at a coal mine. Who decides the fine?",
  "fatiao eval specs/production_safety_fines.fatiao 决定罚款的机关 --fact 煤矿事故=true --fact 等级=重大事故",
  "Coal mines have their own rule (第七条): only a 特别重大事故 goes to the national bureau."),
]
out = ["<!-- Checked by tests/test_questions.py: every command is run and its output compared. -->",
       "# 五个问题 Five questions answered from the command line", "",
       "Each answer below is what the command prints today; the tests run every command and fail if",
       "the output changes. Commands run from the repository root after the README's first line.", ""]
for i, (q, cmd, note) in enumerate(Q, 1):
    res = subprocess.run([sys.executable, "-m", "fatiao", *shlex.split(cmd)[1:]], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    out += [f"## {i}. {q}", "", "```console", f"$ {cmd}", res.stdout.rstrip("\n"), "```", "", note, ""]
open("docs/questions.md", "w").write("\n".join(out))
