import { describe, expect, it } from "vitest";
import {
  addChild,
  describe as describeAudience,
  fromModel,
  type GroupNode,
  newGroup,
  newRule,
  newSegment,
  removeNode,
  type RuleNode,
  ruleValue,
  toModel,
  updateNode,
  valueShape,
  withOperator,
} from "../src/lib/audience";
import type { Condition } from "../src/types";

const DOCS_EXAMPLE: Condition = {
  all: [
    { trait: "plan", op: "eq", value: "pro" },
    { any: [{ segment: 3 }, { trait: "signed_up_at", op: "after", value: { days_ago: 14 } }] },
  ],
};

const rule = (changes: Partial<RuleNode>): RuleNode => ({ ...newRule(), ...changes });

describe("audience model", () => {
  it("round-trips the documented example unchanged", () => {
    expect(fromModel(toModel(DOCS_EXAMPLE))).toEqual(DOCS_EXAMPLE);
  });

  it("round-trips every operator with a value of its own type", () => {
    const all: Condition = {
      all: [
        { trait: "plan", op: "neq", value: "free" },
        { trait: "seats", op: "eq", value: 5 },
        { trait: "admin", op: "eq", value: true },
        { trait: "email", op: "contains", value: "@acme" },
        { trait: "name", op: "starts_with", value: "Dr" },
        { trait: "seats", op: "gt", value: 1 },
        { trait: "seats", op: "gte", value: 2.5 },
        { trait: "seats", op: "lt", value: 100 },
        { trait: "seats", op: "lte", value: 0 },
        { trait: "company", op: "exists" },
        { trait: "churned", op: "not_exists" },
        { trait: "role", op: "in", value: ["pm", "dev"] },
        { trait: "tier", op: "in", value: [1, 2] },
        { trait: "signed_up_at", op: "before", value: "2026-01-31" },
        { trait: "signed_up_at", op: "after", value: { days_ago: 30 } },
      ],
    };
    expect(fromModel(toModel(all))).toEqual(all);
  });

  it("wraps a bare top-level rule in an all group, and reads null as everyone", () => {
    const root = toModel({ trait: "plan", op: "eq", value: "pro" });
    expect(root.combinator).toBe("all");
    expect(fromModel(root)).toEqual({ all: [{ trait: "plan", op: "eq", value: "pro" }] });
    expect(toModel(null).children).toEqual([]);
    expect(fromModel(toModel(null))).toBeNull();
  });

  it("keeps nested groups and their order, so server error paths point at the right node", () => {
    const nested: Condition = { any: [{ all: [{ segment: 1 }, { any: [{ trait: "a", op: "exists" }] }] }, { segment: 2 }] };
    expect(fromModel(toModel(nested))).toEqual(nested);
  });

  it("converts typed text by the chosen value type", () => {
    expect(ruleValue(rule({ op: "eq", valueType: "number", text: " 42 " }))).toBe(42);
    expect(ruleValue(rule({ op: "eq", valueType: "boolean", text: "false" }))).toBe(false);
    expect(ruleValue(rule({ op: "eq", valueType: "text", text: "42" }))).toBe("42");
    expect(ruleValue(rule({ op: "in", valueType: "text", text: "a, b ,, c" }))).toEqual(["a", "b", "c"]);
    expect(ruleValue(rule({ op: "in", valueType: "number", text: "1,2" }))).toEqual([1, 2]);
    expect(ruleValue(rule({ op: "after", dateMode: "days_ago", text: "7" }))).toEqual({ days_ago: 7 });
    expect(ruleValue(rule({ op: "exists", text: "ignored" }))).toBeUndefined();
  });

  it("sends a number that does not parse as typed, so the server names the field", () => {
    expect(ruleValue(rule({ op: "gt", valueType: "number", text: "lots" }))).toBe("lots");
  });

  it("keeps what still fits when the operator changes", () => {
    const typed = rule({ trait: "seats", op: "eq", valueType: "number", text: "3" });
    expect(withOperator(typed, "gte")).toMatchObject({ op: "gte", text: "3", valueType: "number" });
    expect(withOperator(typed, "exists").text).toBe("");
    expect(withOperator(typed, "after")).toMatchObject({ text: "", dateMode: "days_ago" });
    expect(valueShape("in")).toBe("list");
  });

  it("adds, edits and removes nodes without touching the others", () => {
    let root: GroupNode = newGroup("all");
    const first = rule({ trait: "plan", text: "pro" });
    const inner = newGroup("any");
    root = addChild(root, root.id, first);
    root = addChild(root, root.id, inner);
    root = addChild(root, inner.id, newSegment(7));
    root = updateNode(root, first.id, (n) => ({ ...(n as RuleNode), text: "team" }));
    expect(fromModel(root)).toEqual({ all: [{ trait: "plan", op: "eq", value: "team" }, { any: [{ segment: 7 }] }] });
    root = removeNode(root, inner.id);
    expect(fromModel(root)).toEqual({ all: [{ trait: "plan", op: "eq", value: "team" }] });
  });

  it("describes a condition in words", () => {
    expect(describeAudience(DOCS_EXAMPLE, (id) => `“Segment ${id}”`)).toBe(
      'plan is "pro" and (in “Segment 3” or signed_up_at is after 14 days ago)',
    );
    expect(describeAudience(null)).toBe("Everyone");
  });
});
