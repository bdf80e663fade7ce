import { describe, expect, it } from "vitest";
import type { Question } from "../src/types";
import { branchMatches, nextQuestion } from "../src/ui/branching";

const question = (id: string, overrides: Partial<Question> = {}): Question => ({
  id,
  type: "single",
  prompt: id,
  description: "",
  required: false,
  options: [
    { value: "dev", label: "Developer" },
    { value: "pm", label: "PM" },
    { value: "other", label: "Other" },
  ],
  branches: [],
  save_as_trait: null,
  ...overrides,
});

describe("branch operators", () => {
  it("eq on a single answer compares the value", () => {
    expect(branchMatches({ op: "eq", value: "dev", goto: "x" }, "dev")).toBe(true);
    expect(branchMatches({ op: "eq", value: "dev", goto: "x" }, "pm")).toBe(false);
  });

  it("eq on a multi answer asks whether the option is among those chosen", () => {
    expect(branchMatches({ op: "eq", value: "pm", goto: "x" }, ["dev", "pm"])).toBe(true);
  });

  it("neq on a multi answer asks whether the option is not chosen", () => {
    expect(branchMatches({ op: "neq", value: "pm", goto: "x" }, ["dev"])).toBe(true);
    expect(branchMatches({ op: "neq", value: "pm", goto: "x" }, ["pm"])).toBe(false);
  });

  it("in asks whether the answer (or any chosen option) is listed", () => {
    expect(branchMatches({ op: "in", value: ["pm", "other"], goto: "x" }, "other")).toBe(true);
    expect(branchMatches({ op: "in", value: ["pm", "other"], goto: "x" }, ["dev", "pm"])).toBe(true);
    expect(branchMatches({ op: "in", value: ["pm", "other"], goto: "x" }, "dev")).toBe(false);
  });

  it("gte and lte compare scale answers, bounds included", () => {
    expect(branchMatches({ op: "gte", value: 9, goto: "x" }, 9)).toBe(true);
    expect(branchMatches({ op: "gte", value: 9, goto: "x" }, 8)).toBe(false);
    expect(branchMatches({ op: "lte", value: 6, goto: "x" }, 6)).toBe(true);
  });
});

describe("the next question", () => {
  const survey = [
    question("nps", {
      type: "nps",
      options: undefined,
      branches: [
        { op: "gte", value: 9, goto: "love" },
        { op: "lte", value: 6, goto: "end" },
      ],
    }),
    question("why"),
    question("love"),
  ];

  it("follows the first branch that matches", () => {
    expect(nextQuestion(survey, 0, 10)).toBe(2);
  });

  it("ends when a branch says end", () => {
    expect(nextQuestion(survey, 0, 3)).toBe("end");
  });

  it("goes to the next question when no branch matches", () => {
    expect(nextQuestion(survey, 0, 7)).toBe(1);
  });

  it("takes no branch for a skipped optional question", () => {
    expect(nextQuestion(survey, 0, undefined)).toBe(1);
  });

  it("ends after the last question", () => {
    expect(nextQuestion(survey, 2, "dev")).toBe("end");
  });

  it("ignores a branch back to an earlier question: questionnaires always end", () => {
    const looping = [question("a"), question("b", { branches: [{ op: "eq", value: "dev", goto: "a" }] }), question("c")];
    expect(nextQuestion(looping, 1, "dev")).toBe(2);
  });
});
