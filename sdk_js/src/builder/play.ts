// Plays a flow on the live page exactly as users will see it, through the core's own
// renderers (window.guidewell._l), with a context that records nothing: builder
// playback and preview links are never counted.
import { disposer, type Disposer } from "../core/disposer";
import { pageMatches, ruleMatches } from "../targeting/page-rules";
import type { Button, Flow } from "../types";
import type { Guide, Renderer } from "../ui/guide";
import { silentContext } from "../ui/preview";
import { mountRoot } from "../ui/root";

export interface Playing {
  stop(): void;
  url(): void;
}

export interface PlayOptions {
  nonce?: string;
  /** Called when the guide ends: completed, dismissed, or its target went missing. */
  ended?: (outcome: string | null) => void;
  /** Each step shown, with how its target was found (selector or fallback). */
  viewed?: (step: number, match?: string) => void;
  missing?: (step: number) => void;
}

export async function play(
  load: (kind: string) => Promise<Renderer>,
  flow: Flow,
  start: number,
  options: PlayOptions = {},
): Promise<Playing> {
  const render = await load(flow.kind);
  const log = (message: string, detail?: unknown): void => console.warn("[guidewell builder]", message, detail ?? "");
  const d: Disposer = disposer(log);
  let guide: Guide | undefined;
  const href = (): string => location.href;
  const finish = (outcome: string | null): void => {
    if (d.disposed) return;
    d.dispose();
    options.ended?.(outcome);
  };
  const ctx = silentContext(flow, d, start, {
    mount: (css) => mountRoot(d, { theme: flow.theme, css, nonce: options.nonce }),
    emit(type, step, props) {
      if (type === "step_viewed") options.viewed?.(step ?? 0, props?.match as string | undefined);
      if (type === "step_target_missing") options.missing?.(step ?? 0);
    },
    end: (outcome) => finish(outcome),
    act(button: Button) {
      if (button.action === "url" && button.url) window.open(button.url, "_blank", "noopener");
    },
    pageOk: (rule) => (rule ? ruleMatches(rule, href()) : pageMatches(flow.pages, href())),
    log,
  });
  guide = render(ctx);
  return {
    stop: () => (guide ? guide.dismiss() : finish(null)),
    url: () => guide?.url?.(),
  };
}
