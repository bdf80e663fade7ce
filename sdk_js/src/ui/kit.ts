// What the lazily loaded renderers (hotspot, announcement, questionnaire, checklist)
// share with the core bundle instead of carrying their own copies. The build maps
// every import of these modules in a chunk to `window.guidewell._k` (this module's
// namespace, set by index.ts), and fails when a chunk imports a name missing here or
// would bundle a core module itself.
export { inertOutside, liveRegion, restoreFocusOnEnd, trapFocus } from "./a11y";
export { anchor, ANCHOR_CSS } from "./anchor";
export { buttonRow, closeButton } from "./buttons";
export { css, h, uid } from "./dom";
export { resolveTarget } from "./resolve";
export { richText } from "./rich-text";
export { waitFor } from "./wait";
