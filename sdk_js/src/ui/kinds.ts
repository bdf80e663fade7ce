import type { Kind } from "../types";
import { announcement } from "./announcement";
import { checklist } from "./checklist";
import type { Renderer } from "./guide";
import { hotspots } from "./hotspot";
import { questionnaire } from "./questionnaire";
import { tour } from "./tour";

/** Every kind's renderer, for builds that bundle them all (the ES module, previews). */
export const renderers: Record<Kind, Renderer> = {
  tour,
  hotspot: hotspots,
  announcement,
  questionnaire,
  checklist,
};
