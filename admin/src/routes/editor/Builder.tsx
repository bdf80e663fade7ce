// The flow editor's doors to the customer's app: open the builder there, share a
// preview link, and "Pick on page" for one step's target (PickContext).
import type { JSX } from "preact";
import { createContext } from "preact";
import { useState } from "preact/hooks";
import { api, ApiError } from "../../api";
import { Dialog } from "../../components/Dialog";
import { Button, CopyButton, FormError, TextField } from "../../components/ui";
import { awaitPick, openTab, pickUrl, requestId } from "../../lib/builder";
import { toast } from "../../toast";
import type { Target } from "../../types";

/** Picks the target of the selected step or hotspot on the app; null where it cannot. */
export const PickContext = createContext<(() => Promise<Target>) | null>(null);

/**
 * Opens the builder on the app in a new tab: the tab is opened at once, inside the
 * click, so pop-up blockers let it through, and sent to the builder link once the
 * server made it (`linkTo` may add to that URL). The tab closes again on an error.
 */
async function builderTab(pid: number, fid: number, url: string | undefined, linkTo = (link: string) => link, before?: () => Promise<void>): Promise<{ tab: Window; url: string }> {
  const tab = openTab();
  if (!tab) throw new Error("The browser blocked the builder tab; allow pop-ups for this site.");
  try {
    await before?.();
    const target = linkTo((await api.builderLink(pid, fid, url || undefined)).url);
    tab.location.href = target;
    return { tab, url: target };
  } catch (error) {
    tab.close();
    throw error;
  }
}

/** Opens the builder in pick mode for item `step` of the flow; resolves with the element picked there. */
export async function pickOnPage(pid: number, fid: number, step: number, url?: string): Promise<Target> {
  const request = requestId();
  const opened = await builderTab(pid, fid, url, (link) => pickUrl(link, request, step));
  const { picked } = awaitPick(opened.tab, opened.url, request);
  return (await picked).target;
}

/** What went wrong with a pick, in words (the page URL's problem when that was it). */
export function pickError(error: unknown): string {
  if (error instanceof ApiError && error.fields.url) return error.fields.url.join(" ");
  return error instanceof Error ? error.message : String(error);
}

/** Puts a picked target on item `step` of a flow's saved draft (guide health's re-pick). */
export async function repick(pid: number, fid: number, step: number, appUrl: string): Promise<void> {
  const target = await pickOnPage(pid, fid, step, appUrl);
  const flow = await api.flow(pid, fid);
  const content = flow.draft.content as unknown as Record<string, unknown>;
  const listKey = "steps" in content ? "steps" : "hotspots";
  const items = (content[listKey] as { target: Target | null }[]).map((item, index) => (index === step ? { ...item, target } : item));
  await api.updateFlow(pid, fid, { content: { ...content, [listKey]: items } as never });
}

type Mode = "builder" | "preview";

export function BuilderButtons({ pid, fid, appUrl, beforeOpen }: { pid: number; fid: number; appUrl: string; beforeOpen: () => Promise<boolean> }): JSX.Element {
  const [mode, setMode] = useState<Mode | null>(null);
  return (
    <>
      <Button icon="target" onClick={() => setMode("builder")}>
        Open builder on my app
      </Button>
      <Button variant="ghost" onClick={() => setMode("preview")}>
        Preview link
      </Button>
      {mode ? <LinkDialog mode={mode} pid={pid} fid={fid} appUrl={appUrl} beforeOpen={beforeOpen} onClose={() => setMode(null)} /> : null}
    </>
  );
}

function LinkDialog({ mode, pid, fid, appUrl, beforeOpen, onClose }: { mode: Mode; pid: number; fid: number; appUrl: string; beforeOpen: () => Promise<boolean>; onClose: () => void }): JSX.Element {
  const [url, setUrl] = useState(appUrl);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [link, setLink] = useState<string | null>(null);

  const openBuilder = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await builderTab(pid, fid, url, undefined, async () => {
        if (!(await beforeOpen())) throw new ApiError(0, "unsaved", "Save the draft first: the builder edits the saved draft.");
      });
      toast("Builder opened in a new tab");
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const makePreview = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setLink((await api.previewLink(pid, fid, url || undefined)).url);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const builder = mode === "builder";
  return (
    <Dialog
      open
      title={builder ? "Open the builder on your app" : "Share a preview of the draft"}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{link ? "Done" : "Cancel"}</Button>
          {builder ? (
            <Button variant="primary" busy={busy} onClick={() => void openBuilder()}>
              Open builder
            </Button>
          ) : link ? null : (
            <Button variant="primary" busy={busy} onClick={() => void makePreview()}>
              Create link
            </Button>
          )}
        </>
      }
    >
      <div class="stack">
        <p class="muted">
          {builder
            ? "Your app opens in a new tab with the Guidewell panel: pick elements, write steps in place, play the tour and save it to this draft. The link works for one hour, for you, on this project's allowed origins; it never publishes."
            : "Anyone who opens the link sees this draft on your app for seven days, marked as a preview. Previews are never counted in analytics."}
        </p>
        <TextField label="Page to open" name="url" type="url" hint="A page of your app where the Guidewell script runs. Defaults to the app URL in Settings." value={url} onValue={setUrl} />
        <FormError error={error ? new Error(pickError(error)) : null} />
        {link ? (
          <div class="field">
            <span class="field-label">Preview link</span>
            <div class="input-row">
              <input class="input mono" readOnly value={link} aria-label="Preview link" onFocus={(e) => (e.target as HTMLInputElement).select()} />
              <CopyButton text={link} />
            </div>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
