"""The inline stylesheet and script of report.html (kept apart from the markup code).

The script reads the job rows from the ``<script type="application/json"
id="jobs-data">`` element, renders one page of the table at a time (so
10,000 jobs stay fast), filters by text and status, sorts by a clicked
column, and builds every cell with ``textContent`` (never ``innerHTML``), so
text from the inputs cannot inject markup. The address fragment
``#status=manual&q=text`` presets the filters (shareable links). When it has run without throwing
it sets ``data-script="ok"`` on ``<html>``; on an error it sets
``data-script="error: …"`` (the browser test reads this).
"""

CSS = """
:root{--auto:#12b76a;--review:#f79009;--manual:#f04438;--error:#b42318;--info:#2e90fa;
--ink:#101828;--muted:#475467;--line:#eaecf0;--bg:#f9fafb;--card:#fff}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",
"Noto Sans JP",sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:#0b1f3a;color:#fff;padding:22px 32px}
header.top h1{margin:0;font-size:22px;font-weight:600;letter-spacing:.2px}
header.top .meta{margin-top:6px;color:#c7d2e0;font-size:13px}
header.top .meta b{color:#fff;font-weight:600}
nav.toc{background:#fff;border-bottom:1px solid var(--line);padding:8px 32px;position:sticky;top:0;
z-index:5;font-size:13px}
nav.toc a{color:var(--muted);text-decoration:none;margin-right:18px}
nav.toc a:hover{color:var(--ink)}
main{padding:20px 32px 48px;max-width:1480px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;
margin:18px 0}
section h2{margin:0 0 12px;font-size:17px}
h3{font-size:15px;margin:0}
.cards{display:grid;grid-template-columns:repeat(4,minmax(150px,1fr));gap:14px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 16px;
border-top:4px solid #344054}
.card.auto{border-top-color:var(--auto)}.card.review{border-top-color:var(--review)}
.card.manual{border-top-color:var(--manual)}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px}
.card .num{font-size:30px;font-weight:650;line-height:1.2}
.card .pct{color:var(--muted);font-size:13px}
.bar{display:flex;height:12px;border-radius:6px;overflow:hidden;background:var(--line);margin:16px 0 6px}
.bar span{display:block;height:100%}
.bar .auto{background:var(--auto)}.bar .review{background:var(--review)}
.bar .manual{background:var(--manual)}
.facts{display:flex;flex-wrap:wrap;gap:10px 22px;color:var(--muted);font-size:13px;margin-top:10px}
.facts b{color:var(--ink)}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;
color:#fff;white-space:nowrap}
.badge.auto{background:var(--auto)}.badge.review{background:var(--review)}
.badge.manual{background:var(--manual)}.badge.error{background:var(--error)}
.badge.info{background:var(--info)}
.note{background:#fffaeb;border:1px solid #fedf89;border-radius:8px;padding:8px 12px;margin:8px 0}
details.finding{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:8px;
margin:10px 0;background:#fff}
details.finding.error{border-left-color:var(--error)}details.finding.manual{border-left-color:var(--manual)}
details.finding.review{border-left-color:var(--review)}
details.finding>summary{cursor:pointer;padding:10px 14px;display:flex;gap:10px;align-items:center}
details.finding>summary .code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
font-weight:600}
details.finding>summary .count{margin-left:auto;color:var(--muted);font-size:13px}
.finding .body{padding:0 16px 12px}
.remedy{background:#f0f9ff;border:1px solid #b9e6fe;border-radius:8px;padding:8px 12px;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f2f4f7;font-weight:600;color:#344054;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
word-break:break-all}
.muted{color:var(--muted)}
.graph-wrap{overflow:auto;max-height:720px;border:1px solid var(--line);border-radius:8px;background:#fcfcfd}
svg.graph text{font:12px -apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#101828}
.legend{display:flex;gap:16px;font-size:12px;color:var(--muted);margin:8px 0}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:5px;
vertical-align:-2px}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:10px}
.controls input,.controls select,.controls button{font:inherit;padding:5px 9px;border:1px solid #d0d5dd;
border-radius:6px;background:#fff}
.controls input{min-width:280px}
.controls button:disabled{opacity:.45}
#jobs th{cursor:pointer;user-select:none}
#jobs th[aria-sort=ascending]::after{content:" ▲";font-size:10px}
#jobs th[aria-sort=descending]::after{content:" ▼";font-size:10px}
#jobs{table-layout:fixed;min-width:960px}
td.lines{white-space:pre-line;word-break:normal;overflow-wrap:anywhere}
.table-wrap{overflow:auto;max-height:760px;border:1px solid var(--line);border-radius:8px}
table.occurrences{table-layout:fixed}
.occ-wrap{max-height:330px;overflow:auto;border:1px solid var(--line);border-radius:6px}
.badge.zero{opacity:.35}
table.occurrences th:nth-child(1){width:32%}table.occurrences th:nth-child(2){width:20%}
table.overview{margin-bottom:14px}table.overview td:first-child{width:90px}
table.overview td:nth-child(2){width:90px}
p.lead{font-size:15px;margin:0 0 14px}
table.overview a.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
font-weight:600;color:#1849a9;text-decoration:none}
table.overview td.num{width:80px}
footer{color:var(--muted);font-size:12px;padding:0 32px 32px}
@media print{nav.toc{display:none}.table-wrap,.graph-wrap{max-height:none}}
"""

SCRIPT = r"""
(function () {
  var root = document.documentElement;
  var began = Date.now();
  try {
    var rows = JSON.parse(document.getElementById("jobs-data").textContent);
    var RANK = {manual: 0, review: 1, auto: 2};
    var PAGE = 100;
    var state = {text: "", status: "", sort: -1, dir: 1, page: 0, view: rows};
    var body = document.querySelector("#jobs tbody");
    var count = document.getElementById("job-count");
    var prev = document.getElementById("page-prev");
    var next = document.getElementById("page-next");
    var haystack = rows.map(function (r) { return r.join("\u0001").toLowerCase(); });

    function cell(tr, text, cls) {
      var td = document.createElement("td");
      if (cls) { td.className = cls; }
      td.textContent = text;
      tr.appendChild(td);
      return td;
    }
    // Keep an expression on one line (blanks and tabs as one no-break space);
    // lines of a multi-line spec stay lines.
    function nb(text) {
      return text.split("\n").map(function (line) {
        return line.trim().replace(/[ \t]+/g, "\u00a0");
      }).join("\n");
    }
    // a status in the report's language: the label of its option in the status filter
    var LABEL = {};
    Array.prototype.forEach.call(document.querySelectorAll("#status-filter option"),
                                 function (o) { if (o.value) { LABEL[o.value] = o.textContent; } });
    function badge(td, status) {
      td.textContent = "";
      var span = document.createElement("span");
      span.className = "badge " + status;
      span.textContent = LABEL[status] || status;
      td.appendChild(span);
    }
    function apply() {
      var text = state.text, status = state.status, view = [];
      for (var i = 0; i < rows.length; i++) {
        if (status && rows[i][0] !== status) { continue; }
        if (text && haystack[i].indexOf(text) < 0) { continue; }
        view.push(rows[i]);
      }
      if (state.sort >= 0) {
        var k = state.sort, dir = state.dir;
        view.sort(function (a, b) {
          var x = k === 0 ? RANK[a[0]] : a[k], y = k === 0 ? RANK[b[0]] : b[k];
          if (x < y) { return -dir; }
          if (x > y) { return dir; }
          return a[8] < b[8] ? -1 : a[8] > b[8] ? 1 : 0;
        });
      }
      state.view = view;
      state.page = 0;
      draw();
    }
    function draw() {
      var view = state.view, start = state.page * PAGE;
      var end = Math.min(start + PAGE, view.length);
      var fragment = document.createDocumentFragment();
      for (var i = start; i < end; i++) {
        var r = view[i], tr = document.createElement("tr");
        badge(cell(tr, ""), r[0]);
        var name = cell(tr, r[1]);
        name.title = r[8];
        cell(tr, r[2]);
        var source = cell(tr, r[3].slice(r[3].lastIndexOf("/") + 1), "mono lines");
        source.title = r[3];
        cell(tr, nb(r[4]), "mono lines");
        cell(tr, nb(r[5]).replace(/\u00a0\[/g, " ["), "mono lines");
        cell(tr, r[6], "mono");
        cell(tr, r[7]);
        fragment.appendChild(tr);
      }
      body.textContent = "";
      body.appendChild(fragment);
      // the sentences come from the page (data-*), in the report's language
      var words = count.dataset;
      count.textContent = view.length === 0 ? words.none :
        words.showing.replace("{first}", start + 1).replace("{last}", end)
          .replace("{total}", view.length) +
        (view.length !== rows.length ? words.filtered.replace("{all}", rows.length) : "");
      prev.disabled = state.page === 0;
      next.disabled = end >= view.length;
    }
    var timer = null;
    document.getElementById("job-filter").addEventListener("input", function (e) {
      clearTimeout(timer);
      var value = e.target.value.toLowerCase();
      timer = setTimeout(function () { state.text = value; apply(); }, 120);
    });
    document.getElementById("status-filter").addEventListener("change", function (e) {
      state.status = e.target.value; apply();
    });
    prev.addEventListener("click", function () { state.page -= 1; draw(); });
    next.addEventListener("click", function () { state.page += 1; draw(); });
    var heads = document.querySelectorAll("#jobs thead th");
    Array.prototype.forEach.call(heads, function (th, index) {
      th.addEventListener("click", function () {
        state.dir = state.sort === index ? -state.dir : 1;
        state.sort = index;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", state.dir === 1 ? "ascending" : "descending");
        apply();
      });
    });
    // Initial filter from the address: report.html#status=manual&q=backup
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) { params[pair.slice(0, i)] = decodeURIComponent(pair.slice(i + 1)); }
    });
    if (RANK.hasOwnProperty(params.status)) {
      state.status = params.status;
      document.getElementById("status-filter").value = params.status;
    }
    if (params.q) {
      state.text = params.q.toLowerCase();
      document.getElementById("job-filter").value = params.q;
    }
    apply();
    root.setAttribute("data-script", "ok");
    root.setAttribute("data-script-ms", String(Date.now() - began));
  } catch (error) {
    root.setAttribute("data-script", "error: " + error);
    throw error;
  }
})();
"""
