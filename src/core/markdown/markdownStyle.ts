/**
 * The stylesheet of a rendered Markdown page: readable measure, GitHub-like spacing, light and
 * dark by the browser's preference, heading anchors shown on hover, and highlight.js classes.
 */
export const MARKDOWN_STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--link:#0969da;--code:#f6f8fa;
--k:#cf222e;--s:#0a3069;--t:#8250df;--n:#0550ae;--c:#6e7781;--a:#116329}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--link:#4493f8;--code:#151b23;
--k:#ff7b72;--s:#a5d6ff;--t:#d2a8ff;--n:#79c0ff;--c:#8b949e;--a:#7ee787}}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:52rem;margin:0 auto;padding:2rem clamp(1rem,4vw,3rem) 4rem;overflow-wrap:break-word}
a{color:var(--link);text-decoration:none}a:hover,a:focus-visible{text-decoration:underline}
h1,h2,h3,h4,h5,h6{position:relative;margin:1.5em 0 .6em;line-height:1.25;font-weight:600}
h1{font-size:2em;padding-bottom:.3em;border-bottom:1px solid var(--line)}
h2{font-size:1.5em;padding-bottom:.3em;border-bottom:1px solid var(--line)}
h3{font-size:1.25em}h4{font-size:1em}h5{font-size:.875em}h6{font-size:.85em;color:var(--muted)}
main>:first-child{margin-top:0}
.anchor{position:absolute;left:-1.1em;padding-right:.3em;color:var(--muted);opacity:0;text-decoration:none}
h1:hover .anchor,h2:hover .anchor,h3:hover .anchor,h4:hover .anchor,h5:hover .anchor,h6:hover .anchor,.anchor:focus{opacity:1}
p,ul,ol,blockquote,pre,table{margin:0 0 1em}
blockquote{padding:0 1em;color:var(--muted);border-left:.25em solid var(--line)}
img{max-width:100%;height:auto}
hr{height:.25em;border:0;background:var(--line);margin:1.5em 0}
code,pre{font:.875em/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
:not(pre)>code{padding:.2em .4em;border-radius:6px;background:var(--code)}
pre{padding:1em;overflow:auto;border-radius:6px;background:var(--code)}
pre code{font-size:1em}
table{border-collapse:collapse;display:block;overflow:auto}
th,td{padding:.4em .8em;border:1px solid var(--line)}th{font-weight:600}
tr:nth-child(2n){background:var(--code)}
.hljs-keyword,.hljs-selector-tag,.hljs-built_in,.hljs-literal,.hljs-meta .hljs-keyword{color:var(--k)}
.hljs-string,.hljs-regexp,.hljs-meta .hljs-string{color:var(--s)}
.hljs-title,.hljs-title.function_,.hljs-section{color:var(--t)}
.hljs-number,.hljs-attr,.hljs-attribute,.hljs-variable,.hljs-property,.hljs-selector-class,.hljs-selector-id,.hljs-type{color:var(--n)}
.hljs-comment,.hljs-quote,.hljs-meta{color:var(--c)}
.hljs-name,.hljs-tag,.hljs-addition{color:var(--a)}
.hljs-deletion{color:var(--k)}
.hljs-emphasis{font-style:italic}.hljs-strong{font-weight:600}
`;
