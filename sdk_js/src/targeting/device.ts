import type { Flow } from "../types";

/** Below this viewport width a flow's device is "mobile" (DESIGN §5). */
export const MOBILE_MAX_WIDTH = 767;

export function deviceMatches(device: Flow["device"], viewportWidth: number): boolean {
  if (device === "all") return true;
  return (viewportWidth <= MOBILE_MAX_WIDTH) === (device === "mobile");
}
