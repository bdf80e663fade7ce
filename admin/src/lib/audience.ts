// The audience builder's model and its two transforms. The server's condition JSON
// (schemas/targeting.py) is what gets saved; the builder edits a tree of nodes that
// keeps what the author typed (a value as text with its type, a date as a day or as
// "days ago"), so a half-typed number is never lost to a conversion.
import type { Condition, DateValue, Operator, Scalar, TraitRule } from "../types";

export type ValueType = "text" | "number" | "boolean";
export type DateMode = "date" | "days_ago";
export type Combinator = "all" | "any";

export interface RuleNode {
  id: string;
  type: "rule";
  trait: string;
  op: Operator;
  valueType: ValueType;
  /** The value as typed; for `in`, comma-separated. */
  text: string;
  dateMode: DateMode;
}
export interface SegmentNode {
  id: string;
  type: "segment";
  segment: number | null;
}
export interface GroupNode {
  id: string;
  type: "group";
  combinator: Combinator;
  children: AudienceNode[];
}
export type AudienceNode = RuleNode | SegmentNode | GroupNode;

export const MAX_DEPTH = 5; // schemas/targeting.py MAX_GROUP_DEPTH

export const OPERATORS: { op: Operator; label: string }[] = [
  { op: "eq", label: "is" },
  { op: "neq", label: "is not" },
  { op: "contains", label: "contains" },
  { op: "starts_with", label: "starts with" },
  { op: "gt", label: "is greater than" },
  { op: "gte", label: "is at least" },
  { op: "lt", label: "is less than" },
  { op: "lte", label: "is at most" },
  { op: "in", label: "is one of" },
  { op: "exists", label: "is set" },
  { op: "not_exists", label: "is not set" },
  { op: "before", label: "is before" },
  { op: "after", label: "is after" },
];

const NUMERIC: Operator[] = ["gt", "gte", "lt", "lte"];
const TEXTUAL: Operator[] = ["contains", "starts_with"];
const DATES: Operator[] = ["before", "after"];
const VALUELESS: Operator[] = ["exists", "not_exists"];

export type ValueShape = "none" | "scalar" | "number" | "text" | "list" | "date";

/** What kind of value input an operator takes. */
export function valueShape(op: Operator): ValueShape {
  if (VALUELESS.includes(op)) return "none";
  if (NUMERIC.includes(op)) return "number";
  if (TEXTUAL.includes(op)) return "text";
  if (DATES.includes(op)) return "date";
  if (op === "in") return "list";
  return "scalar";
}

let counter = 0;
export const newId = (): string => `n${++counter}`;

export function newRule(): RuleNode {
  return { id: newId(), type: "rule", trait: "", op: "eq", valueType: "text", text: "", dateMode: "date" };
}
export function newSegment(segment: number | null = null): SegmentNode {
  return { id: newId(), type: "segment", segment };
}
export function newGroup(combinator: Combinator = "all", children: AudienceNode[] = []): GroupNode {
  return { id: newId(), type: "group", combinator, children };
}

// --- condition → model -----------------------------------------------------------------

/** The builder's root group for a stored audience; `null` (everyone) is an empty group. */
export function toModel(condition: Condition | null): GroupNode {
  if (condition === null) return newGroup();
  const node = nodeOf(condition);
  return node.type === "group" ? node : newGroup("all", [node]);
}

function nodeOf(condition: Condition): AudienceNode {
  if ("all" in condition) return newGroup("all", condition.all.map(nodeOf));
  if ("any" in condition) return newGroup("any", condition.any.map(nodeOf));
  if ("segment" in condition) return newSegment(condition.segment);
  return ruleNode(condition);
}

function ruleNode(rule: TraitRule): RuleNode {
  const node: RuleNode = { ...newRule(), trait: rule.trait, op: rule.op };
  const value = rule.value;
  if (value === undefined || value === null) return node;
  if (valueShape(rule.op) === "date") {
    if (typeof value === "object" && !Array.isArray(value)) return { ...node, dateMode: "days_ago", text: String(value.days_ago) };
    return { ...node, dateMode: "date", text: String(value) };
  }
  if (Array.isArray(value)) {
    return { ...node, valueType: typeOf(value[0]), text: value.map(String).join(", ") };
  }
  return { ...node, valueType: typeOf(value as Scalar), text: String(value) };
}

function typeOf(value: unknown): ValueType {
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return "text";
}

// --- model → condition -----------------------------------------------------------------

/**
 * The condition to save. Nothing is dropped or reordered, so the server's error paths
 * (`targeting.audience.all[1].value`) point at the node the author sees; an empty
 * root means everyone.
 */
export function fromModel(root: GroupNode): Condition | null {
  if (!root.children.length) return null;
  return conditionOf(root);
}

function conditionOf(node: AudienceNode): Condition {
  if (node.type === "group") {
    const children = node.children.map(conditionOf);
    return node.combinator === "all" ? { all: children } : { any: children };
  }
  if (node.type === "segment") return { segment: node.segment ?? 0 };
  const rule: TraitRule = { trait: node.trait.trim(), op: node.op };
  const value = ruleValue(node);
  if (value !== undefined) rule.value = value;
  return rule;
}

/** A rule's value as the server wants it; text that does not parse is sent as typed, so the server names the field. */
export function ruleValue(node: RuleNode): TraitRule["value"] {
  const shape = valueShape(node.op);
  switch (shape) {
    case "none":
      return undefined;
    case "number":
      return toNumber(node.text);
    case "text":
      return node.text;
    case "date":
      return dateValue(node);
    case "list":
      return node.text
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== "")
        .map((part) => scalar(part, node.valueType));
    case "scalar":
      return scalar(node.text, node.valueType);
  }
}

function dateValue(node: RuleNode): DateValue {
  if (node.dateMode === "days_ago") {
    const days = toNumber(node.text);
    return { days_ago: typeof days === "number" ? days : (node.text as unknown as number) };
  }
  return node.text.trim();
}

function scalar(text: string, type: ValueType): Scalar {
  if (type === "number") return toNumber(text);
  if (type === "boolean") return text.trim() === "true";
  return text;
}

function toNumber(text: string): number | string {
  const clean = text.trim();
  return clean !== "" && Number.isFinite(Number(clean)) ? Number(clean) : text;
}

/** The rule after choosing another operator: keeps what still makes sense. */
export function withOperator(node: RuleNode, op: Operator): RuleNode {
  const shape = valueShape(op);
  const next: RuleNode = { ...node, op };
  if (shape === "none") next.text = "";
  if (shape === "number") next.valueType = "number";
  if (shape === "text") next.valueType = "text";
  if (shape === "date" && valueShape(node.op) !== "date") {
    next.text = "";
    next.dateMode = "days_ago";
  }
  return next;
}

// --- tree edits (immutable) ---------------------------------------------------------------

export function updateNode(root: GroupNode, id: string, change: (node: AudienceNode) => AudienceNode): GroupNode {
  return mapTree(root, (node) => (node.id === id ? change(node) : node)) as GroupNode;
}

function mapTree(node: AudienceNode, fn: (node: AudienceNode) => AudienceNode): AudienceNode {
  const mapped = fn(node);
  if (mapped.type !== "group") return mapped;
  return { ...mapped, children: mapped.children.map((child) => mapTree(child, fn)) };
}

export function removeNode(root: GroupNode, id: string): GroupNode {
  const prune = (group: GroupNode): GroupNode => ({
    ...group,
    children: group.children.filter((child) => child.id !== id).map((child) => (child.type === "group" ? prune(child) : child)),
  });
  return prune(root);
}

export function addChild(root: GroupNode, groupId: string, child: AudienceNode): GroupNode {
  return updateNode(root, groupId, (node) => (node.type === "group" ? { ...node, children: [...node.children, child] } : node));
}

// --- words ---------------------------------------------------------------------------------

const OP_LABEL = Object.fromEntries(OPERATORS.map((o) => [o.op, o.label])) as Record<Operator, string>;

/** One line of plain English for a condition (publish summaries, segment lists). */
export function describe(condition: Condition | null, segmentName: (id: number) => string = (id) => `segment #${id}`): string {
  if (condition === null) return "Everyone";
  return describeIn(condition, segmentName, true);
}

function describeIn(condition: Condition, segmentName: (id: number) => string, top: boolean): string {
  if ("all" in condition || "any" in condition) {
    const [word, children] = "all" in condition ? [" and ", condition.all] : [" or ", condition.any];
    const text = children.map((child) => describeIn(child, segmentName, false)).join(word);
    return top || children.length < 2 ? text : `(${text})`;
  }
  if ("segment" in condition) return `in ${segmentName(condition.segment)}`;
  const { trait, op, value } = condition;
  if (value === undefined) return `${trait} ${OP_LABEL[op]}`;
  return `${trait} ${OP_LABEL[op]} ${describeValue(value)}`;
}

function describeValue(value: NonNullable<TraitRule["value"]>): string {
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v)).join(", ");
  if (typeof value === "object") return `${value.days_ago} days ago`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
