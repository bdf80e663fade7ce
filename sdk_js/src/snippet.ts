// The inline stub, for pages that call the SDK before its script has arrived (Segment's
// snippet pattern). Paste it in place of the plain script tag:
//
//   <script>/* SNIPPET, with KEY and HOST filled in */</script>
//
// Each method pushes [name, ...args] onto window.guidewell; the bundle replays them
// (init and identify first). `invoked` stops a second paste from loading twice.
// scripts/build.mjs minifies this into dist/snippet.min.js and checks it stays under 1 KB.

export const SNIPPET = `(function(w,d,key,src){
  var g = w.guidewell = w.guidewell || [];
  if (g.invoked) return;
  g.invoked = true;
  "init identify track page show dismiss reset on off".split(" ").forEach(function (m) {
    g[m] = function () { g.push([m].concat([].slice.call(arguments))); return g; };
  });
  var s = d.createElement("script");
  s.async = true;
  s.src = src;
  s.setAttribute("data-key", key);
  d.head.appendChild(s);
})(window, document, "KEY", "https://HOST/sdk/v1/guidewell.js");`;

/** The snippet with a project's key and the server's origin filled in. */
export function snippet(key: string, origin: string): string {
  return SNIPPET.replace('"KEY"', JSON.stringify(key)).replace(
    '"https://HOST/sdk/v1/guidewell.js"',
    JSON.stringify(origin.replace(/\/+$/, "") + "/sdk/v1/guidewell.js"),
  );
}
