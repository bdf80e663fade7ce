import type { Transport } from "../net/transport";
import type { Renderer } from "../ui/guide";

/** What the builder and previews get from the held core (src/builder/index.ts). */
export interface Env {
  /** The project's public key. */
  key: string;
  /** The Guidewell server's origin as this browser reaches it (the script's). */
  api: string;
  net: Transport;
  nonce?: string;
  load: (kind: string) => Promise<Renderer>;
}
