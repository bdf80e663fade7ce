import type { Answer, Branch, Question } from "../types";

/** Whether a question counts as answered (an optional one may be skipped). */
export function isAnswered(answer: Answer | undefined): answer is Answer {
  if (answer === undefined) return false;
  if (typeof answer === "string") return answer.trim() !== "";
  return !Array.isArray(answer) || answer.length > 0;
}

/**
 * The branch rule of server/guidewell/schemas/content.py (BranchSchema): on a multi
 * question eq/neq ask whether the option is among those chosen, `in` whether any of
 * the listed ones is; gte/lte compare scale answers.
 */
export function branchMatches(branch: Branch, answer: Answer): boolean {
  const chosen = Array.isArray(answer) ? answer : null;
  const is = (value: unknown): boolean => (chosen ? chosen.includes(value as string) : answer === value);
  switch (branch.op) {
    case "eq":
      return is(branch.value);
    case "neq":
      return !is(branch.value);
    case "in":
      return Array.isArray(branch.value) && branch.value.some(is);
    case "gte":
      return typeof answer === "number" && answer >= (branch.value as number);
    case "lte":
      return typeof answer === "number" && answer <= (branch.value as number);
  }
  return false;
}

/**
 * The question after `index`, or "end": the first matching branch wins, and with none
 * (or no answer: a skipped question takes no branch) the next question follows.
 */
export function nextQuestion(questions: Question[], index: number, answer: Answer | undefined): number | "end" {
  if (isAnswered(answer)) {
    for (const branch of questions[index].branches) {
      if (!branchMatches(branch, answer)) continue;
      if (branch.goto === "end") return "end";
      const target = questions.findIndex((q) => q.id === branch.goto);
      if (target > index) return target;
    }
  }
  return index + 1 < questions.length ? index + 1 : "end";
}
