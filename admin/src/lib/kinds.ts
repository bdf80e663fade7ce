import type { Kind } from "../types";

export const KINDS: { value: Kind; label: string; description: string }[] = [
  { value: "tour", label: "Tour", description: "Steps anchored to elements of your app, with a spotlight." },
  { value: "hotspot", label: "Hotspot", description: "Pulsing beacons that open a hint when clicked." },
  { value: "announcement", label: "Announcement", description: "A modal, banner or slideout message." },
  { value: "questionnaire", label: "Questionnaire", description: "Questions and NPS; answers can become user traits." },
  { value: "checklist", label: "Checklist", description: "A launcher listing onboarding tasks that tick off." },
];

export const kindLabel = (kind: Kind): string => KINDS.find((k) => k.value === kind)?.label ?? kind;
