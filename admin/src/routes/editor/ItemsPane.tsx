// A kind's list of items (steps, hotspots, questions, checklist items) beside the form
// of the selected one. The list reorders by drag or keyboard; items with server
// errors are marked.
import type { ComponentChildren, JSX } from "preact";
import { Icon } from "../../components/icons";
import { SortableList } from "../../components/SortableList";
import { Button, Errors, PathErrors, useHasErrors } from "../../components/ui";
import { useContext } from "preact/hooks";
import { ErrorsProbe } from "./probe";

export interface ItemsPaneProps<T> {
  noun: string;
  listKey: string;
  items: T[];
  selected: number;
  onSelect: (index: number) => void;
  onItems: (items: T[], selected: number) => void;
  newItem: (items: T[]) => T;
  itemLabel: (item: T, index: number) => string;
  itemMeta?: (item: T) => ComponentChildren;
  renderForm: (item: T, set: (item: T) => void) => ComponentChildren;
  min?: number;
  max: number;
  disabled?: boolean;
}

export function ItemsPane<T>(props: ItemsPaneProps<T>): JSX.Element {
  const { noun, listKey, items, selected, onSelect, onItems, newItem, itemLabel, itemMeta, renderForm, min = 1, max, disabled } = props;
  const probe = useContext(ErrorsProbe);
  const index = Math.min(selected, items.length - 1);
  const item = items[index];
  const set = (next: T): void => onItems(items.map((it, i) => (i === index ? next : it)), index);
  return (
    <div class="items-pane">
      <div class="items-list">
        <div class="items-head">
          <h3>{noun}s</h3>
          <span class="muted small">{items.length}</span>
        </div>
        <PathErrors name={listKey} />
        <SortableList
          items={items}
          label={`${noun}s`}
          selected={index}
          disabled={disabled}
          onSelect={onSelect}
          invalid={(i) => probe(`${listKey}[${i}]`)}
          itemLabel={(it, i) => `${noun} ${i + 1} “${itemLabel(it, i)}”`}
          onMove={(next, from, to) => onItems(next, index === from ? to : index)}
          render={(it, i) => (
            <span class="item-text">
              <span class="item-num">{i + 1}</span>
              <span class="item-label">{itemLabel(it, i)}</span>
              {itemMeta ? <span class="item-meta">{itemMeta(it)}</span> : null}
            </span>
          )}
        />
        {items.length < max ? (
          <Button size="sm" icon="plus" class="btn-block" disabled={disabled} onClick={() => onItems([...items, newItem(items)], items.length)}>
            Add {noun.toLowerCase()}
          </Button>
        ) : null}
      </div>
      <div class="items-form">
        {item !== undefined ? (
          <Errors prefix={`${listKey}[${index}]`}>
            <div class="items-form-head">
              <h3>
                {noun} {index + 1}
              </h3>
              <ItemErrorsNote />
              <Button
                size="sm"
                variant="ghost"
                icon="trash"
                disabled={disabled || items.length <= min}
                title={items.length <= min ? `A flow needs at least ${min} ${noun.toLowerCase()}` : undefined}
                onClick={() => onItems(items.filter((_, i) => i !== index), Math.max(0, index - 1))}
              >
                Delete {noun.toLowerCase()}
              </Button>
            </div>
            {renderForm(item, set)}
          </Errors>
        ) : null}
      </div>
    </div>
  );
}

function ItemErrorsNote(): JSX.Element | null {
  const has = useHasErrors("");
  return has ? (
    <span class="badge badge-danger">
      <Icon name="warning" size={12} /> needs attention
    </span>
  ) : null;
}
