// Cards that are not anchored to a target: centred modals and corner slideouts
// (announcements, questionnaires, the checklist panel). Corner cards keep clear of a
// banner along the same edge: it publishes its height as --gw-inset-top/-bottom.
export const PANEL_CSS = `.gw-modal{width:min(calc(var(--gw-w) * 1.5),100%);max-height:calc(100vh - 32px);overflow:auto;padding:24px}
.gw-modal>.gw-x,.gw-slide>.gw-x{z-index:1;background:var(--gw-bg)}
.gw-img{display:block;width:calc(100% + 48px);max-width:none;margin:-24px -24px 18px;border-radius:var(--gw-r) var(--gw-r) 0 0}
.gw-slide .gw-img{width:calc(100% + 40px);margin:-20px -20px 14px}
.gw-slide{top:auto;left:auto;max-height:calc(100vh - 32px);overflow:auto}
.gw-bottom-right{right:16px;bottom:calc(16px + var(--gw-inset-bottom,0px))}.gw-bottom-left{left:16px;bottom:calc(16px + var(--gw-inset-bottom,0px))}
.gw-top-right{right:16px;top:calc(16px + var(--gw-inset-top,0px))}.gw-top-left{left:16px;top:calc(16px + var(--gw-inset-top,0px))}`;
