// The live preview: the SDK's own renderer (sdk_js/src/esm.ts renderPreview through the
// "@guidewell/sdk" alias), laid out inside a mock app window. No look-alike: what
// shows here is what users get.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { renderPreview, type Flow as SdkFlow } from "@guidewell/sdk";
import { useDebounced } from "../../hooks";
import { mergeTheme } from "../../lib/theme";
import type { Draft, Flow, ThemeOverride } from "../../types";

export function previewFlow(flow: Flow, draft: Draft, projectTheme: ThemeOverride): SdkFlow {
  const blocking = flow.kind === "tour" || flow.kind === "questionnaire" || (flow.kind === "announcement" && (draft.content as { format?: string }).format === "modal");
  return {
    id: flow.id,
    key: flow.key,
    kind: flow.kind,
    version: flow.live_version ?? 0,
    variant: null,
    experiment: null,
    holdout: false,
    content: draft.content,
    pages: draft.targeting.pages,
    trigger: draft.targeting.trigger,
    delay_ms: 0,
    frequency: draft.targeting.frequency,
    device: draft.targeting.device,
    priority: draft.targeting.priority,
    blocking,
    theme: mergeTheme(projectTheme, draft.theme),
    progress: null,
  };
}

export function Preview({ flow, draft, projectTheme, step, label }: { flow: Flow; draft: Draft; projectTheme: ThemeOverride; step: number; label: string }): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Debounced separately: each keeps its identity until it changes.
  const debouncedDraft = useDebounced(draft, 120);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    let cleanup: (() => void) | null = null;
    try {
      cleanup = renderPreview(previewFlow(flow, debouncedDraft, projectTheme), step, el);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
    return () => cleanup?.();
  }, [flow, debouncedDraft, step, projectTheme]);
  return (
    <div class="preview">
      <div class="preview-head">
        <span class="preview-title">Preview</span>
        <span class="muted small">{label}</span>
      </div>
      <div class="preview-window" aria-label={`Preview of ${label}`} role="region">
        <div class="mock-app" aria-hidden="true">
          <div class="mock-bar">
            <span />
            <span />
            <span />
          </div>
          <div class="mock-line w60" />
          <div class="mock-line w40" />
          <div class="mock-line w80" />
        </div>
        <div class="preview-stage" ref={box} data-testid="preview-stage" />
        {problem ? <p class="preview-problem">Preview unavailable until the draft is complete: {problem}</p> : null}
      </div>
      <p class="field-hint">Rendered by the SDK itself. Anchored steps show centred here; their target is on your app.</p>
    </div>
  );
}
