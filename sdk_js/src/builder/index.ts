// The builder chunk (guidewell-builder.<hash>.js): loaded by the core only when the
// page was opened from a builder or preview link (src/index.ts), with the init
// options the core held for it (window.guidewell._o). It plays guides with its own
// copy of every renderer, so the core stays as small as it was.
import { transport } from "../net/transport";
import { renderers } from "../ui/kinds";
import { startBuilder } from "./builder";
import { readLaunch } from "./launch";
import { startPreview } from "./preview";

const gw = (window as any).guidewell;

function main(): Promise<void> | void {
  gw?._r?.({ builder: true }); // settles the core's load of this chunk
  const options = gw?._o;
  const launch = readLaunch();
  if (!options?.key || !launch) return;
  const env = {
    key: options.key,
    api: options.api ?? "",
    net: transport(options.api ?? ""),
    nonce: options.nonce,
    load: async (kind: string) => renderers[kind as keyof typeof renderers],
  };
  return launch.mode === "builder" ? startBuilder(launch, env) : startPreview(launch, env);
}

// Whatever goes wrong here stays here: the host page never sees a throw.
try {
  Promise.resolve(main()).catch((error) => console.warn("[guidewell builder]", error));
} catch (error) {
  console.warn("[guidewell builder]", error);
}
