// Cards that are not anchored to a target: centred modals and corner slideouts
// (announcements, questionnaires, the checklist panel).
export const PANEL_CSS = `.gw-modal{width:min(calc(var(--gw-w) * 1.5),100%);max-height:calc(100vh - 32px);overflow:auto;padding:24px}
.gw-modal>.gw-x,.gw-slide>.gw-x{z-index:1;background:var(--gw-bg)}
.gw-img{display:block;width:calc(100% + 48px);max-width:none;margin:-24px -24px 18px;border-radius:var(--gw-r) var(--gw-r) 0 0}
.gw-slide .gw-img{width:calc(100% + 40px);margin:-20px -20px 14px}
.gw-slide{top:auto;left:auto;max-height:calc(100vh - 32px);overflow:auto}
.gw-bottom-right{right:16px;bottom:16px}.gw-bottom-left{left:16px;bottom:16px}
.gw-top-right{right:16px;top:16px}.gw-top-left{left:16px;top:16px}`;
