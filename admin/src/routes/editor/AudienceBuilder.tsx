// The nested all/any audience builder over traits and saved segments. It edits the
// tree of lib/audience.ts; the parent turns it into condition JSON with fromModel.
// Error paths follow the JSON: the root group is the scope's own path.
import type { JSX } from "preact";
import { Icon } from "../../components/icons";
import { Button, Errors, Field, PathErrors, Select } from "../../components/ui";
import {
  type AudienceNode,
  type GroupNode,
  MAX_DEPTH,
  OPERATORS,
  type RuleNode,
  addChild,
  newGroup,
  newRule,
  newSegment,
  removeNode,
  updateNode,
  valueShape,
  withOperator,
} from "../../lib/audience";
import type { Segment } from "../../types";

export interface AudienceBuilderProps {
  root: GroupNode;
  onChange: (root: GroupNode) => void;
  segments: Segment[];
  traits: string[];
  /** A segment being edited may not refer to itself. */
  excludeSegment?: number;
  disabled?: boolean;
}

export function AudienceBuilder(props: AudienceBuilderProps): JSX.Element {
  const listId = "audience-traits";
  return (
    <div class="audience">
      <datalist id={listId}>{props.traits.map((t) => <option key={t} value={t} />)}</datalist>
      <GroupView {...props} group={props.root} depth={1} traitList={listId} />
    </div>
  );
}

function GroupView({ group, depth, traitList, ...props }: AudienceBuilderProps & { group: GroupNode; depth: number; traitList: string }): JSX.Element {
  const { root, onChange, disabled } = props;
  const edit = (next: GroupNode): void => onChange(next);
  // Paths are relative to this group's own error scope: `all[0]`, `any[2]`…
  const childPath = (i: number): string => `${group.combinator}[${i}]`;
  return (
    <div class={`group depth-${depth}`}>
      <div class="group-head">
        <Select
          label={depth === 1 ? "Users must match" : "This group matches"}
          value={group.combinator}
          options={[
            { value: "all", label: "All of these" },
            { value: "any", label: "Any of these" },
          ]}
          onValue={(c) => edit(updateNode(root, group.id, (n) => ({ ...(n as GroupNode), combinator: c as GroupNode["combinator"] })))}
        />
        {depth > 1 ? (
          <button type="button" class="icon-btn" aria-label="Remove group" disabled={disabled} onClick={() => edit(removeNode(root, group.id))}>
            <Icon name="trash" />
          </button>
        ) : null}
      </div>
      <PathErrors name={group.combinator} />
      {!group.children.length ? <p class="muted small">No conditions yet.</p> : null}
      <ul class="conditions">
        {group.children.map((child, i) => (
          <li key={child.id} class="condition">
            <span class="joiner">{i === 0 ? "" : group.combinator === "all" ? "and" : "or"}</span>
            <Errors prefix={childPath(i)}>
              <NodeView {...props} node={child} depth={depth} traitList={traitList} />
            </Errors>
          </li>
        ))}
      </ul>
      <div class="group-actions">
        <Button size="sm" icon="plus" disabled={disabled} onClick={() => edit(addChild(root, group.id, newRule()))}>
          Trait rule
        </Button>
        <Button size="sm" icon="plus" disabled={disabled || !props.segments.length} title={props.segments.length ? undefined : "No saved segments yet"} onClick={() => edit(addChild(root, group.id, newSegment(props.segments.find((s) => s.id !== props.excludeSegment)?.id ?? null)))}>
          Segment
        </Button>
        {depth < MAX_DEPTH ? (
          <Button size="sm" icon="plus" disabled={disabled} onClick={() => edit(addChild(root, group.id, newGroup(group.combinator === "all" ? "any" : "all", [newRule()])))}>
            Group
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function NodeView(props: AudienceBuilderProps & { node: AudienceNode; depth: number; traitList: string }): JSX.Element {
  const { node, root, onChange, disabled, depth, traitList } = props;
  if (node.type === "group") return <GroupView {...props} group={node} depth={depth + 1} traitList={traitList} />;
  const remove = (
    <button type="button" class="icon-btn" aria-label="Remove condition" disabled={disabled} onClick={() => onChange(removeNode(root, node.id))}>
      <Icon name="trash" />
    </button>
  );
  if (node.type === "segment") {
    const options = props.segments.filter((s) => s.id !== props.excludeSegment).map((s) => ({ value: String(s.id), label: s.name }));
    return (
      <div class="rule">
        <span class="rule-word">in segment</span>
        <Field label={<span class="sr-only">Segment</span>} name="segment" class="grow">
          {(id, describedBy, invalid) => (
            <select id={id} class="input select" value={String(node.segment ?? "")} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onChange={(e) => onChange(updateNode(root, node.id, () => ({ ...node, segment: Number((e.target as HTMLSelectElement).value) || null })))}>
              <option value="">Choose a segment…</option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {remove}
      </div>
    );
  }
  const set = (next: RuleNode): void => onChange(updateNode(root, node.id, () => next));
  const shape = valueShape(node.op);
  return (
    <div class="rule">
      <Field label={<span class="sr-only">Trait</span>} name="trait" class="rule-trait">
        {(id, describedBy, invalid) => <input id={id} class="input mono" list={traitList} placeholder="trait, e.g. plan" value={node.trait} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onInput={(e) => set({ ...node, trait: (e.target as HTMLInputElement).value })} />}
      </Field>
      <Field label={<span class="sr-only">Operator</span>} name="op">
        {(id) => <Select id={id} value={node.op} options={OPERATORS.map((o) => ({ value: o.op, label: o.label }))} onValue={(op) => set(withOperator(node, op as RuleNode["op"]))} />}
      </Field>
      {shape === "date" ? (
        <Select label="Date kind" value={node.dateMode} options={[{ value: "days_ago", label: "days ago" }, { value: "date", label: "a date" }]} onValue={(m) => set({ ...node, dateMode: m as RuleNode["dateMode"], text: "" })} />
      ) : null}
      {shape !== "none" ? (
        <Field label={<span class="sr-only">Value</span>} name="value" class="grow">
          {(id, describedBy, invalid) => (
            <input
              id={id}
              class="input"
              type={(shape === "date" && node.dateMode === "date" ? "date" : shape === "number" || (shape === "date" && node.dateMode === "days_ago") ? "number" : "text") as "text"}
              placeholder={shape === "list" ? "a, b, c" : shape === "date" && node.dateMode === "days_ago" ? "14" : "value"}
              value={node.text}
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
              onInput={(e) => set({ ...node, text: (e.target as HTMLInputElement).value })}
            />
          )}
        </Field>
      ) : null}
      {shape === "scalar" || shape === "list" ? (
        <Select label="Value type" value={node.valueType} options={[{ value: "text", label: "text" }, { value: "number", label: "number" }, { value: "boolean", label: "true/false" }]} onValue={(v) => set({ ...node, valueType: v as RuleNode["valueType"] })} />
      ) : null}
      {remove}
    </div>
  );
}
