// localStorage and sessionStorage throw in some sandboxes and private modes, and hold
// whatever other code left there: every read is parsed defensively, and when the
// browser refuses, a Map keeps the values for this page at least.

export interface Store {
  get<T>(key: string, fallback: T): T;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export function store(kind: "localStorage" | "sessionStorage", prefix = "gw_"): Store {
  const memory = new Map<string, string>();
  const backend = (): Storage | undefined => {
    try {
      return window[kind];
    } catch {
      return undefined;
    }
  };
  const attempt = <T>(fn: (storage: Storage) => T): T | undefined => {
    try {
      return fn(backend()!);
    } catch {
      return undefined; // refused, over quota, or no storage at all
    }
  };
  return {
    get(key, fallback) {
      // undefined: the storage failed (use memory); null: nothing stored.
      const raw = attempt((s) => s.getItem(prefix + key));
      try {
        return JSON.parse((raw === undefined ? memory.get(key) : raw)!) ?? fallback;
      } catch {
        return fallback;
      }
    },
    set(key, value) {
      const raw = JSON.stringify(value);
      if (!attempt((s) => (s.setItem(prefix + key, raw), 1))) memory.set(key, raw);
    },
    remove(key) {
      memory.delete(key);
      attempt((s) => s.removeItem(prefix + key));
    },
  };
}
