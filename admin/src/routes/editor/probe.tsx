import { createContext } from "preact";

/** Whether the content has server errors at or inside a path relative to `content`. */
export const ErrorsProbe = createContext<(path: string) => boolean>(() => false);
