// Preview links: the flow's draft plays on the real app for whoever opened the link,
// with a badge saying so. Nothing is sent: a preview is never counted.
import { disposer } from "../core/disposer";
import { watchUrl } from "../targeting/spa";
import type { Flow } from "../types";
import { h } from "../ui/dom";
import type { Env } from "./env";
import { drafts, endLaunch, type Launch } from "./launch";
import { play, type Playing } from "./play";
import { mountShell } from "./shell";

export async function startPreview(launch: Launch, env: Env): Promise<void> {
  const life = disposer((message, detail) => console.warn("[guidewell preview]", message, detail ?? ""));
  const { ui } = mountShell(life, env.nonce);
  const note = h("span", { role: "status" }, "Loading the preview…");
  let playing: Playing | null = null;
  let flow: Flow | null = null;
  const replay = h("button", { type: "button", hidden: true, onclick: () => start(0) }, "Replay");
  const exit = h(
    "button",
    {
      type: "button",
      onclick: () => {
        endLaunch();
        life.dispose();
        location.reload();
      },
    },
    "Exit preview",
  );
  ui.appendChild(h("div", { class: "gw-b-pill", role: "region", "aria-label": "Guidewell preview" }, note, replay, exit));

  const reply = await env.net.post("preview", { key: env.key, token: launch.token });
  if (reply.status !== 200) {
    note.textContent = reply.body?.error?.message ?? "This preview link does not work here.";
    return;
  }
  flow = reply.body.flow as Flow;
  note.textContent = `Preview of the draft “${flow.key}”, not counted`;
  replay.hidden = false;
  life.add(watchUrl(window, () => playing?.url()));

  async function start(step: number): Promise<void> {
    playing?.stop();
    playing = await play(env.load, flow!, step, {
      nonce: env.nonce,
      // A multi-page tour continues where it was after the page loads.
      viewed: (n) => drafts.set({ flow: flow!.id, step: n }),
      ended: () => {
        playing = null;
        drafts.clear();
      },
    });
  }
  const resumed = drafts.get<{ flow: number; step: number }>();
  await start(resumed && resumed.flow === flow.id ? resumed.step : 0);
}
