/** Inline stylesheet and script of the HTML report (self-contained: no fonts, images or network). */
export const CSS = `
:root { --err: #c62828; --warn: #b26a00; --info: #1565c0; --add: #e6ffec; --del: #ffebe9; --line: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 1.5em; color: #1f2328; }
h1 { font-size: 1.5em; margin: .2em 0; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2em; margin-top: 1.6em; }
table.overview { border-collapse: collapse; width: 100%; } table.overview td, table.overview th { border: 1px solid #d0d7de; padding: .25em .5em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev-error { color: var(--err); } .sev-warning { color: var(--warn); } .sev-info { color: var(--info); }
.filters label { margin-right: 1em; }
table.diff { border-collapse: collapse; width: 100%; font: 12px/1.4 ui-monospace, monospace; table-layout: fixed; }
table.diff td { padding: 0 .4em; vertical-align: top; white-space: pre-wrap; word-break: break-all; }
table.diff td.ln { width: 4.5em; color: #6e7781; text-align: right; user-select: none; background: var(--line); }
tr.add td.code { background: var(--add); } tr.del td.code { background: var(--del); }
tr.hunk td { background: #ddf4ff; color: #57606a; }
tr.has-finding td.code { outline: 2px solid #f0b429; outline-offset: -2px; }
tr.finding-row td { padding: .3em .6em .5em 9.8em; background: #fffbe6; white-space: normal; font: 13px/1.4 system-ui, sans-serif; }
.finding { border-left: 4px solid currentColor; padding: .2em .6em; margin: .2em 0; background: #fff; }
.finding .msg { color: #1f2328; } .finding .fix { color: #1f2328; margin-top: .2em; } .finding .ev { color: #57606a; font-size: 12px; }
.finding .rule { font-weight: 600; }
.hidden { display: none; }
.map-grid { display: grid; gap: 2px; margin: .5em 0; font-size: 12px; }
.map-head { font-weight: 600; padding: .2em .3em; background: #eaeef2; }
.map-row-head { padding: .2em .3em; background: #f6f8fa; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.map-cell { padding: .2em .3em; min-height: 1.8em; border-radius: 3px; }
.map-cell.empty { background: #f6f8fa; }
.map-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3em 1em; font-size: 12px; }
.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: -2px; margin-right: .3em; border-radius: 2px; }
pre { overflow-x: auto; background: #f6f8fa; padding: .5em; }
`;

/** Severity filter checkboxes: hide findings (and their rows) of unticked severities. */
export const SCRIPT = `
document.querySelectorAll('.filters input').forEach(function (box) {
  box.addEventListener('change', function () {
    var sev = box.getAttribute('data-severity');
    document.querySelectorAll('.finding.sev-' + sev).forEach(function (el) { el.classList.toggle('hidden', !box.checked); });
    document.querySelectorAll('tr.finding-row').forEach(function (row) {
      row.classList.toggle('hidden', !row.querySelector('.finding:not(.hidden)'));
    });
  });
});
`;
