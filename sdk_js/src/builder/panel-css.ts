// The builder's look: its own shadow root, so neither the page nor the guides touch it.
export const PANEL_CSS = `*{box-sizing:border-box}
:host{all:initial}
.gw-b{font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827}
.gw-b-layer{position:fixed;inset:0;pointer-events:none}
.gw-b-outline{position:fixed;border:2px solid #4f46e5;background:#4f46e51a;border-radius:3px;pointer-events:none;transition:all .05s}
.gw-b-picked{border-style:dashed;border-color:#db2777;background:none}
.gw-b-tag{position:absolute;bottom:100%;left:-2px;margin-bottom:2px;padding:1px 6px;border-radius:3px;background:#4f46e5;color:#fff;font:11px/1.5 ui-monospace,monospace;white-space:nowrap}
.gw-b-picked .gw-b-tag{background:#db2777}
.gw-b-panel{position:fixed;top:12px;right:12px;width:340px;max-height:calc(100vh - 24px);display:flex;flex-direction:column;background:#fff;border:1px solid #d1d5db;border-radius:10px;box-shadow:0 12px 32px #0003;pointer-events:auto;overflow:hidden}
.gw-b-panel[data-side=left]{right:auto;left:12px}
.gw-b-head{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#111827;color:#fff}
.gw-b-head h2{flex:1;margin:0;font-size:13px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.gw-b-head small{display:block;font-weight:400;color:#d1d5db}
.gw-b-body{padding:12px;overflow:auto;display:grid;grid-template-columns:minmax(0,1fr);gap:10px}
.gw-b-foot{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:10px 12px;border-top:1px solid #e5e7eb}
.gw-b button{font:inherit;font-weight:600;padding:5px 10px;border:1px solid #d1d5db;border-radius:6px;background:#fff;color:#111827;cursor:pointer}
.gw-b button:hover{background:#f3f4f6}
.gw-b button.gw-b-primary{background:#4f46e5;border-color:#4f46e5;color:#fff}
.gw-b button.gw-b-primary:hover{background:#4338ca}
.gw-b button:disabled{opacity:.45;cursor:default}
.gw-b-head button{background:none;border-color:#4b5563;color:#fff}
.gw-b-head button:hover{background:#374151}
.gw-b button.gw-b-icon{padding:2px 7px}
.gw-b ol{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:minmax(0,1fr);gap:6px}
.gw-b li{display:flex;gap:8px;align-items:flex-start;padding:8px;border:1px solid #e5e7eb;border-radius:8px}
.gw-b li[aria-current=true]{border-color:#4f46e5;box-shadow:0 0 0 1px #4f46e5}
.gw-b-n{flex:none;width:22px;height:22px;border-radius:11px;background:#eef2ff;color:#3730a3;display:grid;place-items:center;font-weight:700;font-size:12px}
.gw-b-item{flex:1;min-width:0}
.gw-b-item strong{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.gw-b code{font:12px/1.4 ui-monospace,monospace;color:#374151;word-break:break-all}
.gw-b-tools{display:flex;gap:2px}
.gw-b label{display:grid;gap:3px;font-weight:600}
.gw-b input,.gw-b textarea,.gw-b select{font:inherit;font-weight:400;padding:5px 7px;border:1px solid #9ca3af;border-radius:6px;background:#fff;color:#111827;width:100%}
.gw-b textarea{min-height:70px;resize:vertical}
.gw-b-row{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.gw-b-note{margin:0;color:#4b5563}
.gw-b-status{flex-basis:100%;margin:0;color:#374151}
.gw-b-status[data-tone=error]{color:#b91c1c}
.gw-b-status[data-tone=ok]{color:#047857}
.gw-b-count[data-ok=false]{color:#b91c1c;font-weight:600}
.gw-b-box{display:grid;gap:8px;padding:10px;border:1px solid #e5e7eb;border-radius:8px;background:#f9fafb}
.gw-b-pill{position:fixed;left:12px;bottom:12px;display:flex;gap:8px;align-items:center;padding:6px 8px 6px 12px;border-radius:999px;background:#111827;color:#fff;box-shadow:0 6px 20px #0004;pointer-events:auto}
.gw-b-pill button{padding:3px 10px;border-radius:999px;background:#fff}
.gw-b a{color:#4338ca}
:focus-visible{outline:2px solid #4f46e5;outline-offset:2px}`;
