// Lazy chunk: the kinds drawn as cards that are not anchored to a target. One chunk,
// as they share the panel CSS and modal handling: 4.8 KB together against 6.8 KB
// as three (README, "Size").
import { announcement } from "../ui/announcement";
import { checklist } from "../ui/checklist";
import { questionnaire } from "../ui/questionnaire";

(window as any).guidewell._r({ announcement, questionnaire, checklist });
