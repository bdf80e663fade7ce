// Every SDK error ends here instead of in the host page. Silent unless `debug: true`.

export type Log = (message: string, detail?: unknown) => void;

export const quiet: Log = () => {};

export function consoleLog(message: string, detail?: unknown): void {
  // eslint-disable-next-line no-console
  console.warn("[guidewell] " + message, detail ?? "");
}

/** `fn`, except that it never throws and never rejects: problems go to `log`. */
export function guard<A extends unknown[], R>(
  log: Log,
  fn: (...args: A) => R,
): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => log("error", error));
      }
      return result;
    } catch (error) {
      log("error", error);
      return undefined;
    }
  };
}
