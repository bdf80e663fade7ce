import type { BatchUser } from "../net/queue";
import type { Store } from "./storage";
import { uuid } from "./uuid";

/**
 * Who the end user is: an anonymous id generated once per browser, and the host
 * app's user id (with its identity-verification hash) once `identify` was called.
 * Both persist, so the events of the next page load belong to the same person before
 * the host app calls `identify` again; `reset()` forgets both (a shared computer).
 */
export function identity(local: Store) {
  let user: BatchUser = local.get("user", { anonymous_id: "" });
  // The server refuses anything else, so a damaged value is replaced.
  if (!/^[\w-]{8,64}$/.test(user?.anonymous_id ?? "")) user = { anonymous_id: uuid() };
  const save = (next: BatchUser): void => local.set("user", (user = next));
  save(user);
  return {
    get anonymousId(): string {
      return user.anonymous_id;
    },
    get id(): string | null {
      return user.id ?? null;
    },
    /** Returns whether the user changed; the hash of the same user is kept unless given anew. */
    set(id: string, hash?: string): boolean {
      const changed = id !== user.id;
      save({ ...user, id, user_hash: hash ?? (changed ? undefined : user.user_hash) });
      return changed;
    },
    reset: (): void => save({ anonymous_id: uuid() }),
    /** The `user` of an event batch (no traits: those go with session and identify). */
    envelope: (): BatchUser => ({ ...user }),
  };
}

export type Identity = ReturnType<typeof identity>;
