// Lazy chunk: hotspots, often on pages where nothing else shows.
import { hotspots } from "../ui/hotspot";

(window as any).guidewell._r({ hotspot: hotspots });
