// Shared by every kind. Kind-specific rules live next to each kind, so a page that
// shows only a tour does not download the questionnaire's CSS. Written compact on
// purpose: this text ships in the bundle as is. --gw-* variables come from theme.ts.

export const BASE_CSS = `*{box-sizing:border-box}
.gw{font:var(--gw-fs)/1.5 var(--gw-ff);color:var(--gw-fg)}
.gw-card{position:fixed;top:0;left:0;width:var(--gw-w);max-width:calc(100vw - 16px);padding:20px;background:var(--gw-bg);color:var(--gw-fg);border-radius:var(--gw-r);box-shadow:0 12px 32px #0004;animation:gw-in .2s}
.gw-card:focus{outline:0}
.gw-center{position:fixed;inset:0;display:grid;place-items:center;padding:16px;pointer-events:none}
.gw-center>*{position:relative;pointer-events:auto;max-height:100%;overflow:auto}
.gw-dim{position:fixed;inset:0;background:#1118278c}
.gw-title{font-size:1.15em;font-weight:600;line-height:1.3;margin:0 0 6px;padding-inline-end:24px}
.gw-body>*{margin:0 0 .6em}.gw-body>:last-child{margin:0}
.gw-body img{max-width:100%;height:auto}
.gw-body a{color:var(--gw-p)}
.gw-x{position:absolute;top:8px;inset-inline-end:8px;width:32px;height:32px;border:0;border-radius:50%;background:none;color:inherit;font-size:22px;opacity:.6;cursor:pointer}
.gw-x:hover{opacity:1}
.gw-foot{display:flex;flex-wrap:wrap;align-items:center;justify-content:flex-end;gap:8px;margin-top:16px}
.gw-btn{font:inherit;font-weight:600;padding:7px 14px;border:2px solid var(--gw-p);border-radius:calc(var(--gw-r)*.75);background:var(--gw-p);color:var(--gw-on-p);cursor:pointer}
.gw-secondary,.gw-link{background:none;color:var(--gw-p)}
.gw-link{border-color:#0000;text-decoration:underline}
.gw-btn:disabled{opacity:.5;cursor:default}
:focus-visible{outline:2px solid var(--gw-p);outline-offset:2px}
.gw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.gw-preview .gw-card,.gw-preview .gw-center,.gw-preview .gw-dim{position:absolute}
@keyframes gw-in{from{opacity:0;translate:0 6px}}
@media(prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}`;
