import { guard, type Log } from "./log";

export type Listener = (payload: any) => void;

/** `on`/`off` for the host page; a listener that throws is logged and the rest still run. */
export function emitter(log: Log) {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on(type: string, fn: Listener): void {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(fn);
    },
    off(type: string, fn: Listener): void {
      listeners.get(type)?.delete(fn);
    },
    emit(type: string, payload?: unknown): void {
      for (const key of [type, "*"]) {
        listeners.get(key)?.forEach((fn) => guard(log, fn)(payload));
      }
    },
  };
}
export type Emitter = ReturnType<typeof emitter>;
