/**
 * The dashboard page's script (served as /assets/app.js, inlined in reports).
 * Plain browser JavaScript kept as a string so the built package carries it
 * without a bundler; a test parses it, and the browser tests run it.
 * Charts: uPlot (time series, scatter). Hand-drawn on canvas, because uPlot has
 * neither: the task stream (one lane per thread, a bar per fit) and the
 * parallel-coordinates view (one polyline per candidate).
 * Every value from the search reaches the page through textContent or canvas
 * text — never innerHTML — so parameter strings cannot inject markup.
 */
export const APP_JS = String.raw`
(function () {
  'use strict';
  var STATUS = ['ok', 'failed', 'timed out', 'retried', 'lost'];
  var STATUS_COLOR = ['#2f9e6f', '#d64545', '#8b5cf6', '#e0a526', '#8a94a6'];
  var app = document.getElementById('app');
  var statusEl = document.getElementById('status');
  var tooltip = document.getElementById('tooltip');
  var S = null;          // client-side model of the search (or cluster)
  var V = {};            // views (DOM nodes, charts)
  var dirty = { fast: false, slow: false };
  var lastSlow = -Infinity; // the first drawing of the score views waits for nothing
  var report = null;

  // ---------- helpers ----------
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    if (children) children.forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function card(cls, title, extra) {
    var h = el('h2', null, [document.createTextNode(title)]);
    if (extra) h.appendChild(extra);
    var c = el('section', { cls: 'card ' + cls }, [h]);
    app.appendChild(c);
    return c;
  }
  function fmtDur(ms) {
    if (ms == null || !isFinite(ms)) return '–';
    var s = Math.round(ms / 1000);
    if (s < 60) return s + 's';
    var m = Math.floor(s / 60); s = s % 60;
    if (m < 60) return m + 'm ' + (s < 10 ? '0' : '') + s + 's';
    var h = Math.floor(m / 60); m = m % 60;
    return h + 'h ' + (m < 10 ? '0' : '') + m + 'm';
  }
  function fmtNum(x, d) {
    if (x == null || !isFinite(x)) return '–';
    return Number(x).toFixed(d == null ? 4 : d);
  }
  function fmtInt(x) { return x == null ? '–' : Number(x).toLocaleString('en-US'); }
  function fmtBytes(b) {
    if (b == null) return '–';
    if (b < 1048576) return (b / 1024).toFixed(0) + ' kB';
    if (b < 1073741824) return (b / 1048576).toFixed(0) + ' MB';
    return (b / 1073741824).toFixed(2) + ' GB';
  }
  function fmtCell(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(+v.toPrecision(6));
    return String(v);
  }
  function pct(x) { return x == null ? '–' : (100 * x).toFixed(0) + '%'; }
  function meter(x) {
    var m = el('span', { cls: 'meter' }, [el('span')]);
    m.firstChild.style.width = Math.max(0, Math.min(100, 100 * (x || 0))).toFixed(0) + '%';
    return m;
  }
  function showTip(ev, text) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var r = tooltip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 8) x = ev.clientX - r.width - 14;
    if (y + r.height > window.innerHeight - 8) y = ev.clientY - r.height - 14;
    tooltip.style.left = x + 'px'; tooltip.style.top = y + 'px';
  }
  function hideTip() { tooltip.hidden = true; }
  function sizeCanvas(c, cssHeight) {
    var dpr = window.devicePixelRatio || 1;
    var w = c.clientWidth || c.parentNode.clientWidth;
    c.style.height = cssHeight + 'px';
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(cssHeight * dpr)) {
      c.width = Math.round(w * dpr); c.height = Math.round(cssHeight * dpr);
    }
    var ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { ctx: ctx, w: w, h: cssHeight };
  }
  function niceStep(span, n) {
    var raw = span / Math.max(1, n), p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  }
  // score → colour (blue → teal → yellow; a perceptual ramp close to viridis)
  var RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  function ramp(t) {
    if (!(t >= 0)) t = 0; if (t > 1) t = 1;
    var x = t * (RAMP.length - 1), i = Math.min(RAMP.length - 2, Math.floor(x)), f = x - i, a = RAMP[i], b = RAMP[i + 1];
    return 'rgb(' + Math.round(a[0] + f * (b[0] - a[0])) + ',' + Math.round(a[1] + f * (b[1] - a[1])) + ',' + Math.round(a[2] + f * (b[2] - a[2])) + ')';
  }

  // ---------- model ----------
  function emptySearch(s) {
    return {
      kind: 'search', title: s.title, startedAt: s.startedAt, metric: s.metric, nSplits: s.nSplits,
      finished: false, progress: s.progress, processes: [], lanes: [], best: null,
      paramNames: [], params: {}, nCand: 0, mean: [], std: [], n: [], rank: null,
      tasks: { lane: [], start: [], end: [], cand: [], split: [], status: [], score: [] }, taskBase: 0, raster: null,
      curveT: [], curveV: [], rounds: [], receivedAt: Date.now()
    };
  }
  function applyCandidates(c) {
    var names = Object.keys(c.params), len = 0;
    names.forEach(function (name) {
      if (!(name in S.params)) { S.params[name] = new Array(S.nCand).fill(null); S.paramNames.push(name); }
      var col = S.params[name], vals = c.params[name];
      for (var i = 0; i < vals.length; i++) col[c.from + i] = vals[i];
      len = Math.max(len, vals.length);
    });
    var total = Math.max(S.nCand, c.from + len);
    S.paramNames.forEach(function (name) { var col = S.params[name]; while (col.length < total) col.push(null); });
    for (var i = S.nCand; i < total; i++) { if (S.mean[i] === undefined) { S.mean[i] = null; S.std[i] = null; S.n[i] = 0; } }
    S.nCand = total;
  }
  function applyScores(sc) {
    var idx = sc.idx, from = sc.from || 0, len = sc.mean.length;
    for (var k = 0; k < len; k++) {
      var i = idx ? idx[k] : from + k;
      S.mean[i] = sc.mean[k]; S.std[i] = sc.std[k]; S.n[i] = sc.n[k];
      if (sc.rank) { if (!S.rank) S.rank = []; S.rank[i] = sc.rank[k]; }
    }
    if (len) S.nCand = Math.max(S.nCand, (idx ? idx[len - 1] : from + len - 1) + 1);
  }
  function applyTasks(t) {
    var have = S.taskBase + S.tasks.lane.length, skip = have - t.from;
    if (skip < 0) return false; // missed fits: ask for a snapshot
    for (var k = skip; k < t.lane.length; k++) {
      S.tasks.lane.push(t.lane[k]); S.tasks.start.push(t.start[k]); S.tasks.end.push(t.end[k]);
      S.tasks.cand.push(t.cand[k]); S.tasks.split.push(t.split[k]); S.tasks.status.push(t.status[k]); S.tasks.score.push(t.score[k]);
    }
    return true;
  }
  function applyCurve(c) {
    var skip = S.curveT.length - c.from;
    if (skip < 0) return false;
    for (var k = skip; k < c.t.length; k++) { S.curveT.push(c.t[k]); S.curveV.push(c.v[k]); }
    return true;
  }
  function applyCommon(d) {
    if (d.title !== undefined) { S.title = d.title; S.metric = d.metric; S.nSplits = d.nSplits; }
    S.finished = d.finished; S.progress = d.progress; S.processes = d.processes; S.lanes = d.lanes; S.best = d.best;
    if (d.rounds) S.rounds = d.rounds;
    S.receivedAt = Date.now();
  }
  function onSnapshot(snap) {
    if (snap.kind === 'cluster') { S = snap; S.receivedAt = Date.now(); build(); dirty.fast = dirty.slow = true; return; }
    S = emptySearch(snap);
    applyCommon(snap);
    applyCandidates(snap.candidates);
    applyScores(snap.scores);
    S.taskBase = snap.tasks.from; S.raster = snap.taskRaster || null;
    applyTasks(snap.tasks);
    applyCurve(snap.curve);
    build();
    V.taskKey = null; // the fits' indices start afresh: redraw the task stream's layer whole
    dirty.fast = dirty.slow = true;
  }
  function onDelta(d) {
    if (!S || S.kind !== 'search') return true;
    applyCommon(d);
    applyCandidates(d.candidates);
    applyScores(d.scores);
    build();
    var ok = applyTasks(d.tasks) && applyCurve(d.curve);
    dirty.fast = true;
    if (d.scores.mean.length || d.candidates.params && Object.keys(d.candidates.params).length && d.candidates.from < S.nCand) dirty.slow = true;
    if (d.finished) dirty.slow = true;
    return ok;
  }

  // ---------- layout ----------
  var built = null;
  function build() {
    var key = S.kind + ':' + (S.kind === 'search' ? S.metric + ':' + S.paramNames.join(',') : '');
    document.getElementById('title').textContent = S.title;
    if (built === key) return;
    built = key;
    dirty.fast = dirty.slow = true; lastSlow = -Infinity;
    app.textContent = '';
    V = {};
    if (S.kind === 'cluster') buildCluster(); else buildSearch();
  }
  function stat(parent, key, label) {
    var v = el('div', { cls: 'v', text: '–' });
    var box = el('div', { cls: 'stat', 'data-stat': key }, [v, el('div', { cls: 'k', text: label })]);
    parent.appendChild(box);
    V['stat_' + key] = v; V['statbox_' + key] = box; V['statk_' + key] = box.lastChild;
  }
  function legend() {
    var l = el('span', { cls: 'legend' });
    STATUS.forEach(function (s, i) { var b = el('span'); var sw = el('i'); sw.style.background = STATUS_COLOR[i]; b.appendChild(sw); b.appendChild(document.createTextNode(s)); l.appendChild(b); });
    return l;
  }
  function buildSearch() {
    var prog = card('w12', 'Progress');
    var stats = el('div', { cls: 'stats' });
    prog.appendChild(stats);
    [['done', 'fits done'], ['failed', 'failed'], ['running', 'running'], ['elapsed', 'elapsed'], ['eta', 'eta'], ['rate', 'fits / s'], ['cands', 'candidates'], ['best', 'best ' + S.metric]].forEach(function (s) { stat(stats, s[0], s[1]); });
    V.bar = el('div', { cls: 'bar' }, [el('span', { cls: 'ok' }), el('span', { cls: 'fail' })]);
    prog.appendChild(V.bar);
    V.bestParams = el('div', { cls: 'best-params muted', id: 'best-params' });
    V.bestParams.style.marginTop = '8px';
    prog.appendChild(V.bestParams);
    // successive halving: one row per round (hidden for one-round searches)
    V.rounds = el('table', { id: 'rounds', cls: 'rounds' });
    V.rounds.hidden = true;
    prog.appendChild(V.rounds);

    var ts = card('w12', 'Task stream', legend());
    V.tasks = el('canvas', { cls: 'full', id: 'task-stream' });
    ts.appendChild(V.tasks);
    V.tasks.addEventListener('mousemove', taskHover);
    V.tasks.addEventListener('mouseleave', hideTip);

    var wk = card('w5', 'Workers');
    V.workers = el('table', { id: 'workers' });
    wk.appendChild(el('div', { cls: 'tablewrap' }, [V.workers]));

    var bc = card('w7', 'Best ' + S.metric + ' so far');
    V.bestChart = el('div', { id: 'chart-best' });
    bc.appendChild(V.bestChart);

    var mc = card('w6', 'Mean test ' + S.metric + ' ± std per candidate');
    V.candChart = el('div', { id: 'chart-candidates' });
    mc.appendChild(V.candChart);

    V.parHint = el('span', { cls: 'hint muted', text: 'coloured by mean ' + S.metric });
    var pc = card('w6', 'Parallel coordinates', V.parHint);
    V.par = el('canvas', { cls: 'full', id: 'parallel' });
    pc.appendChild(V.par);

    var sl = card('w12', 'Slices: mean ' + S.metric + ' per parameter');
    V.slices = el('div', { cls: 'slices', id: 'slices' });
    sl.appendChild(V.slices);
    V.sliceCharts = {};

    buildTable();
  }
  function buildTable() {
    var tc = card('w12', 'cvResults');
    var controls = el('div', { cls: 'controls' });
    V.topk = el('select', { id: 'topk' });
    [10, 25, 100, 500, 2000].forEach(function (k) { var o = el('option', { value: String(k), text: 'top ' + k }); if (k === 25) o.selected = true; V.topk.appendChild(o); });
    V.filterParam = el('select', { id: 'filter-param' });
    V.filterParam.appendChild(el('option', { value: '', text: 'any parameter' }));
    S.paramNames.forEach(function (p) { V.filterParam.appendChild(el('option', { value: p, text: p })); });
    V.filterText = el('input', { type: 'text', id: 'filter-text', placeholder: 'filter: value, or >0.1, <10' });
    V.csv = el('a', { cls: 'button disabled', id: 'download-csv', text: 'Download CSV' });
    V.json = el('a', { cls: 'button disabled', id: 'download-json', text: 'Download JSON' });
    V.count = el('span', { cls: 'muted', id: 'table-count' });
    controls.appendChild(el('label', { text: 'show' })); controls.appendChild(V.topk);
    controls.appendChild(el('label', { text: 'filter' })); controls.appendChild(V.filterParam); controls.appendChild(V.filterText);
    controls.appendChild(V.count);
    var spacer = el('span'); spacer.style.flex = '1'; controls.appendChild(spacer);
    controls.appendChild(V.csv); controls.appendChild(V.json);
    tc.appendChild(controls);
    V.table = el('table', { id: 'cv-results' });
    tc.appendChild(el('div', { cls: 'tablewrap' }, [V.table]));
    V.sort = { key: 'rank', dir: 1 };
    [V.topk, V.filterParam].forEach(function (e) { e.addEventListener('change', function () { renderTable(true); }); });
    V.filterText.addEventListener('input', function () { renderTable(true); });
  }

  // ---------- progress & workers ----------
  function renderProgress() {
    var p = S.progress, now = Date.now();
    var live = !S.finished && !report ? now - S.receivedAt : 0;
    V.stat_done.textContent = fmtInt(p.done) + ' / ' + fmtInt(p.total);
    V.stat_failed.textContent = fmtInt(p.failed);
    V.statbox_failed.classList.toggle('bad', p.failed > 0);
    V.stat_running.textContent = p.running == null ? '–' : fmtInt(p.running);
    V.statk_running.textContent = p.runningUnit === 'batches' ? 'batches running' : p.runningUnit === 'fits' ? 'fits running' : 'running';
    V.statbox_running.title = p.runningUnit === 'batches' ? 'BullMQ jobs (batches of fits) of this search held by workers now' : p.runningUnit === 'fits' ? 'fits started by a worker thread and not finished, as the executor measures them' : 'the executor does not report what it runs';
    renderRounds();
    V.stat_elapsed.textContent = fmtDur(p.elapsedMs + live);
    V.stat_eta.textContent = S.finished ? 'done' : fmtDur(p.etaMs == null ? null : Math.max(0, p.etaMs - live));
    V.stat_rate.textContent = fmtNum(p.fitsPerSec, p.fitsPerSec >= 100 ? 0 : 1);
    V.stat_cands.textContent = fmtInt(S.nCand);
    V.stat_best.textContent = S.best ? fmtNum(S.best.score) : '–';
    var tot = Math.max(1, p.total);
    V.bar.children[0].style.width = (100 * (p.done - p.failed) / tot) + '%';
    V.bar.children[1].style.width = (100 * p.failed / tot) + '%';
    V.bestParams.textContent = S.best ? 'best: candidate ' + S.best.candidateIndex + '  ' + JSON.stringify(S.best.params) : 'best: none yet';
  }
  function renderRounds() {
    var R = S.rounds || [];
    V.rounds.hidden = !R.length;
    if (!R.length) return;
    var t = V.rounds; t.textContent = '';
    var head = el('tr');
    ['round', 'candidates', 'resources / fit', 'fits done', 'best mean ' + S.metric].forEach(function (h, i) { head.appendChild(el('th', { cls: i ? 'num' : '', text: h })); });
    t.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    R.forEach(function (r, k) {
      var current = !S.finished && k === R.length - 1;
      var fits = el('td', { cls: 'num' }, [meter(r.fitsTotal ? r.fitsDone / r.fitsTotal : 0), document.createTextNode(fmtInt(r.fitsDone) + ' / ' + fmtInt(r.fitsTotal))]);
      body.appendChild(el('tr', { cls: current ? 'current' : '', 'data-round': String(r.iteration) }, [
        el('td', { text: 'round ' + (r.iteration + 1) + ' of ' + r.nIterations + (current ? ' (running)' : '') }),
        el('td', { cls: 'num', text: fmtInt(r.nCandidates) }), el('td', { cls: 'num', text: fmtInt(r.nResources) }), fits,
        el('td', { cls: 'num', text: fmtNum(r.best) })]));
    });
    t.appendChild(body);
  }
  function renderWorkers() {
    var t = V.workers;
    t.textContent = '';
    var head = el('tr');
    ['worker', 'threads', 'fits', 'busy', 'fits/s', 'RSS'].forEach(function (h, i) { head.appendChild(el('th', { cls: i ? 'num' : '', text: h })); });
    t.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    if (!S.processes.length) body.appendChild(el('tr', null, [el('td', { colspan: '6', cls: 'empty', text: 'waiting for the first fit…' })]));
    S.processes.forEach(function (p) {
      var busy = el('td', { cls: 'num' }, [meter(p.busy), document.createTextNode(pct(p.busy))]);
      var tr = el('tr', { cls: p.lost ? 'lost' : '' }, [el('td', { text: p.name + (p.lost ? ' (lost)' : '') }), el('td', { cls: 'num', text: String(p.threads) }), el('td', { cls: 'num', text: fmtInt(p.fits) }), busy, el('td', { cls: 'num', text: fmtNum(p.fitsPerSec, 2) }), el('td', { cls: 'num', text: fmtBytes(p.rss) })]);
      body.appendChild(tr);
      S.lanes.filter(function (l) { return l.process === p.name; }).forEach(function (l) {
        var name = l.name.indexOf('/') > 0 ? l.name.slice(l.name.indexOf('/') + 1) : l.name;
        body.appendChild(el('tr', { cls: 'sub', 'data-lane': l.name }, [el('td', { text: name }), el('td'), el('td', { cls: 'num', text: fmtInt(l.fits) + (l.failed ? ' (' + l.failed + ' failed)' : '') }), el('td', { cls: 'num' }, [meter(l.busy), document.createTextNode(pct(l.busy))]), el('td', { cls: 'num', text: fmtNum(l.fitsPerSec, 2) }), el('td')]));
      });
    });
    t.appendChild(body);
  }

  // ---------- task stream (canvas) ----------
  var LABEL_W = 150, ROW_H = 22, AXIS_H = 22;
  function taskGeometry() {
    var nowMs = S.finished || report ? 0 : S.progress.elapsedMs + (Date.now() - S.receivedAt);
    var tmax = Math.max(1000, nowMs);
    for (var k = S.tasks.end.length - 1, m = 0; k >= 0 && m < 64; k--, m++) tmax = Math.max(tmax, S.tasks.end[k]);
    var tEnd = S.tasks.end; if (S.finished || report) for (var j = 0; j < tEnd.length; j++) if (tEnd[j] > tmax) tmax = tEnd[j];
    if (S.raster) tmax = Math.max(tmax, S.raster.bins * S.raster.binMs);
    return { tmax: tmax };
  }
  // Bars are drawn once onto an offscreen layer; only new fits are added to it, and it is
  // redrawn whole only when the time axis grows past its range (by 25% steps while live).
  function drawTaskBars(ctx, from, n, scale) {
    var T = S.tasks;
    for (var st = 0; st < STATUS.length; st++) {
      ctx.fillStyle = STATUS_COLOR[st];
      for (var k = from; k < n; k++) {
        if (T.status[k] !== st) continue;
        var wpx = (T.end[k] - T.start[k]) * scale;
        ctx.fillRect(LABEL_W + T.start[k] * scale, AXIS_H + T.lane[k] * ROW_H + 3, Math.max(1, wpx > 3 ? wpx - 1 : wpx), ROW_H - 6);
      }
    }
  }
  // older fits, aggregated by the server: each (lane, time bin) shaded by the share of it spent in fits of each status
  function drawRaster(ctx, scale) {
    var R = S.raster, bw = R.binMs * scale;
    for (var st = 0; st < R.busy.length; st++) {
      var row = R.busy[st]; if (!row.length) continue;
      ctx.fillStyle = STATUS_COLOR[st];
      for (var l = 0; l < R.lanes; l++) {
        for (var b = 0; b < R.bins; b++) {
          var ms = row[l * R.bins + b]; if (!ms) continue;
          ctx.globalAlpha = Math.min(1, ms / R.binMs);
          ctx.fillRect(LABEL_W + b * R.binMs * scale, AXIS_H + l * ROW_H + 3, Math.max(1, bw), ROW_H - 6);
        }
      }
    }
    ctx.globalAlpha = 1;
  }
  function renderTasks() {
    var lanes = S.lanes.length ? S.lanes : [];
    var h = AXIS_H + Math.max(1, lanes.length) * ROW_H + 6;
    var g = sizeCanvas(V.tasks, h), ctx = g.ctx, w = g.w, dpr = window.devicePixelRatio || 1;
    var tmax = taskGeometry().tmax, plotW = Math.max(10, w - LABEL_W - 10), live = !S.finished && !report;
    if (!V.taskScale || tmax > V.taskScale || !live && V.taskScale !== tmax) V.taskScale = live ? tmax * 1.25 : tmax;
    var range = V.taskScale, scale = plotW / range, n = S.tasks.lane.length;
    V.taskGeo = { tmax: range, plotW: plotW };
    var key = [w, h, lanes.length, range, dpr].join(':');
    if (!V.taskBase) V.taskBase = document.createElement('canvas');
    var base = V.taskBase, bctx = base.getContext('2d');
    if (V.taskKey !== key || V.taskDrawn > n) {
      V.taskKey = key;
      base.width = V.tasks.width; base.height = V.tasks.height;
      bctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      bctx.clearRect(0, 0, w, h);
      bctx.font = '11px system-ui, sans-serif'; bctx.textBaseline = 'middle';
      lanes.forEach(function (l, i) {
        var y = AXIS_H + i * ROW_H;
        bctx.fillStyle = i % 2 ? '#fafbfc' : '#ffffff'; bctx.fillRect(LABEL_W, y, plotW, ROW_H);
        bctx.fillStyle = '#344054';
        bctx.fillText(l.name.length > 24 ? '…' + l.name.slice(-23) : l.name, 4, y + ROW_H / 2);
      });
      var step = niceStep(range / 1000, 8);
      bctx.fillStyle = '#667085'; bctx.strokeStyle = '#e9edf2';
      for (var s = 0; s <= range / 1000 + 1e-9; s += step) {
        var x = LABEL_W + (s * 1000 / range) * plotW;
        bctx.beginPath(); bctx.moveTo(x + 0.5, AXIS_H - 4); bctx.lineTo(x + 0.5, h); bctx.stroke();
        var tick = fmtDur(s * 1000).replace(/^0s$/, '0');
        if (x + 3 + bctx.measureText(tick).width <= w) bctx.fillText(tick, x + 3, 9);
      }
      if (!lanes.length) bctx.fillText('waiting for the first fit…', LABEL_W, AXIS_H + ROW_H / 2);
      if (S.raster) drawRaster(bctx, scale);
      V.taskDrawn = 0;
    }
    drawTaskBars(bctx, V.taskDrawn, n, scale);
    V.taskDrawn = n;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, V.tasks.width, V.tasks.height);
    ctx.drawImage(base, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (live && lanes.length) {
      var xn = LABEL_W + (S.progress.elapsedMs + (Date.now() - S.receivedAt)) * scale;
      ctx.strokeStyle = '#2563eb'; ctx.beginPath(); ctx.moveTo(xn + 0.5, AXIS_H - 4); ctx.lineTo(xn + 0.5, h); ctx.stroke();
    }
  }
  function candText(c) {
    var parts = [];
    S.paramNames.forEach(function (p) { var v = S.params[p][c]; if (v !== null && v !== undefined) parts.push(p + '=' + fmtCell(v)); });
    return parts.join(', ');
  }
  function taskHover(ev) {
    if (!V.taskGeo) return;
    var r = V.tasks.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
    var lane = Math.floor((y - AXIS_H) / ROW_H);
    if (x < LABEL_W || lane < 0 || lane >= S.lanes.length) return hideTip();
    var t = (x - LABEL_W) / V.taskGeo.plotW * V.taskGeo.tmax, slack = 3 * V.taskGeo.tmax / V.taskGeo.plotW;
    var T = S.tasks, hit = -1;
    for (var k = T.lane.length - 1; k >= 0; k--) if (T.lane[k] === lane && T.start[k] - slack <= t && T.end[k] + slack >= t) { hit = k; break; }
    if (hit < 0 && S.raster && t < S.raster.bins * S.raster.binMs) {
      var R = S.raster, b = Math.floor(t / R.binMs), parts = [];
      for (var st = 0; st < R.busy.length; st++) { var ms = R.busy[st].length ? R.busy[st][lane * R.bins + b] : 0; if (ms) parts.push(STATUS[st] + ' ' + pct(ms / R.binMs)); }
      if (!parts.length) return hideTip();
      return showTip(ev, S.lanes[lane].name + ', ' + fmtDur(b * R.binMs) + '–' + fmtDur((b + 1) * R.binMs) + ': busy ' + parts.join(', ') + '\n(fits before the latest ' + fmtInt(S.tasks.lane.length) + ' are shown per time bin)');
    }
    if (hit < 0) return hideTip();
    var c = T.cand[hit];
    showTip(ev, 'candidate ' + c + ', fold ' + T.split[hit] + ' — ' + STATUS[T.status[hit]] + '\n' + candText(c) + '\n' + S.metric + ': ' + fmtNum(T.score[hit]) + '   time: ' + ((T.end[hit] - T.start[hit]) / 1000).toFixed(3) + ' s\n' + S.lanes[lane].name);
  }

  // ---------- uPlot charts ----------
  function plotWidth(node) { return Math.max(240, node.clientWidth || node.parentNode.clientWidth - 4); }
  function makePlot(node, opts, data, key) {
    var width = plotWidth(node);
    if (V[key] && V[key + '_w'] === width && V[key + '_sig'] === opts.sig) { V[key].setData(data); return V[key]; }
    if (V[key]) V[key].destroy();
    node.textContent = '';
    opts.width = width;
    V[key] = new uPlot(opts, data, node);
    V[key + '_w'] = width; V[key + '_sig'] = opts.sig;
    return V[key];
  }
  function renderBest() {
    if (!S.curveT.length) { if (!V.bestEmpty) { V.bestChart.textContent = ''; V.bestChart.appendChild(el('div', { cls: 'empty', text: 'no candidate has finished all its folds yet' })); V.bestEmpty = true; } return; }
    if (V.bestEmpty) { V.bestChart.textContent = ''; V.bestEmpty = false; }
    var xs = S.curveT.map(function (t) { return t / 1000; }), ys = S.curveV.slice();
    var end = (S.finished || report ? S.progress.elapsedMs : S.progress.elapsedMs + (Date.now() - S.receivedAt)) / 1000;
    if (end > xs[xs.length - 1]) { xs.push(end); ys.push(ys[ys.length - 1]); }
    makePlot(V.bestChart, {
      sig: 'best', height: 220, legend: { show: false }, cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: function (u, min, max) { return [0, Math.max(1, max)]; } }, y: { range: function (u, min, max) { var pad = Math.max(0.005, (max - min) * 0.15); return [min - pad, max + pad]; } } },
      axes: [{ label: 'seconds', size: 36 }, { label: S.metric, size: 60 }],
      series: [{}, { label: 'best', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.08)', paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } }],
      hooks: { draw: [roundMarks] }
    }, [xs, ys], 'bestPlot');
  }
  // successive halving: a dashed line where each round started, labelled with its resources
  function roundMarks(u) {
    var R = S.rounds || [];
    if (!R.length) return;
    var ctx = u.ctx, dpr = window.devicePixelRatio || 1, b = u.bbox;
    ctx.save(); ctx.strokeStyle = '#7c3aed'; ctx.fillStyle = '#7c3aed'; ctx.lineWidth = dpr; ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.font = (10 * dpr) + 'px system-ui, sans-serif'; ctx.textBaseline = 'top'; ctx.textAlign = 'left';
    R.forEach(function (r) {
      var x = Math.round(u.valToPos(r.startMs / 1000, 'x', true)) + 0.5;
      if (x < b.left - 1 || x > b.left + b.width + 1) return;
      ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke();
      ctx.fillText('r' + (r.iteration + 1) + ' · ' + fmtInt(r.nCandidates) + ' × ' + fmtInt(r.nResources), x + 3 * dpr, b.top + 2 * dpr + (r.iteration % 2) * 12 * dpr);
    });
    ctx.restore();
  }
  // Scatter points drawn in one pass by a draw hook (uPlot's own point markers cost a path
  // per point: too slow at 100,000 candidates); small sets get circles, large ones 2×2-pixel
  // squares blended into one pixel buffer (one drawImage instead of a fillRect per point).
  var dotLayer = null;
  function dots(stroke, fill, rgb) {
    return function (u) {
      var xs = u.data[0], ys = u.data[1], n = xs.length, ctx = u.ctx, dpr = window.devicePixelRatio || 1, big = n > 3000, r = 3 * dpr, b = u.bbox;
      if (big) {
        var w = Math.max(1, Math.round(b.width)), h = Math.max(1, Math.round(b.height)), size = Math.max(2, Math.round(2.2 * dpr));
        var img = ctx.createImageData(w, h), px = img.data, keep = 1 - (n > 30000 ? 0.35 : 0.6);
        for (var i = 0; i < n; i++) {
          var y = ys[i]; if (y == null) continue;
          var x0 = Math.round(u.valToPos(xs[i], 'x', true) - b.left - size / 2), y0 = Math.round(u.valToPos(y, 'y', true) - b.top - size / 2);
          for (var dy = 0; dy < size; dy++) {
            var yy = y0 + dy; if (yy < 0 || yy >= h) continue;
            for (var dx = 0; dx < size; dx++) {
              var xx = x0 + dx; if (xx < 0 || xx >= w) continue;
              var o = (yy * w + xx) * 4;
              px[o + 3] = 255 - (255 - px[o + 3]) * keep;
            }
          }
        }
        for (var p = 0; p < px.length; p += 4) if (px[p + 3]) { px[p] = rgb[0]; px[p + 1] = rgb[1]; px[p + 2] = rgb[2]; }
        if (!dotLayer) dotLayer = document.createElement('canvas');
        dotLayer.width = w; dotLayer.height = h;
        dotLayer.getContext('2d').putImageData(img, 0, 0);
        ctx.drawImage(dotLayer, b.left, b.top);
        return;
      }
      ctx.save(); ctx.beginPath(); ctx.rect(b.left, b.top, b.width, b.height); ctx.clip();
      ctx.fillStyle = fill; ctx.strokeStyle = stroke;
      ctx.beginPath();
      for (var j = 0; j < n; j++) { var yj = ys[j]; if (yj == null) continue; var qx = u.valToPos(xs[j], 'x', true), qy = u.valToPos(yj, 'y', true); ctx.moveTo(qx + r, qy); ctx.arc(qx, qy, r, 0, 2 * Math.PI); }
      ctx.fill(); ctx.stroke();
      ctx.restore();
    };
  }
  function renderCandidates() {
    var n = S.nCand, xs = new Array(n), ys = new Array(n);
    for (var i = 0; i < n; i++) { xs[i] = i; ys[i] = S.mean[i]; }
    var whiskers = n <= 3000;
    makePlot(V.candChart, {
      sig: 'cands' + whiskers, height: 240, legend: { show: false }, cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false } },
      axes: [{ label: 'candidate', size: 36 }, { label: 'mean ' + S.metric, size: 60 }],
      series: [{}, { label: 'mean', stroke: '#2563eb', paths: function () { return null; }, points: { show: false } }],
      hooks: { draw: [dots('#2563eb', '#2563eb', [37, 99, 235]), function (u) {
        if (!whiskers) return;
        var ctx = u.ctx; ctx.save(); ctx.strokeStyle = 'rgba(37,99,235,0.45)'; ctx.lineWidth = Math.max(1, devicePixelRatio || 1);
        var i0 = u.series[0].idxs ? u.series[0].idxs[0] : 0, i1 = u.series[0].idxs ? u.series[0].idxs[1] : n - 1;
        for (var i = i0; i <= i1; i++) {
          var m = S.mean[i], s = S.std[i]; if (m == null || s == null || !s) continue;
          var x = u.valToPos(i, 'x', true), ya = u.valToPos(m - s, 'y', true), yb = u.valToPos(m + s, 'y', true);
          ctx.beginPath(); ctx.moveTo(x, ya); ctx.lineTo(x, yb); ctx.stroke();
        }
        ctx.restore();
      }] }
    }, [xs, ys], 'candPlot');
  }
  function numericColumn(name) {
    var col = S.params[name], numeric = true, min = Infinity, max = -Infinity, seen = 0;
    for (var i = 0; i < col.length; i++) { var v = col[i]; if (v === null) continue; seen++; if (typeof v !== 'number') { numeric = false; break; } if (v < min) min = v; if (v > max) max = v; }
    return { numeric: numeric && seen > 0, min: min, max: max, log: numeric && min > 0 && max / min >= 100 };
  }
  function categories(name) {
    var col = S.params[name], cats = [], index = {};
    for (var i = 0; i < col.length; i++) { var v = col[i]; if (v === null) continue; var k = String(v); if (!(k in index)) { index[k] = cats.length; cats.push(k); } }
    return { cats: cats, index: index };
  }
  // one slice plot per parameter, each its own step of the render queue (one per frame)
  function renderSlice(name) {
    {
      var box = V.sliceCharts[name];
      if (!box) {
        box = el('div', { cls: 'slice' }, [el('h3', { text: name }), el('div')]);
        V.slices.appendChild(box); V.sliceCharts[name] = box;
      }
      var info = numericColumn(name), col = S.params[name], cat = info.numeric ? null : categories(name);
      // candidates ordered by this parameter's value: computed once per candidate count (scores change, values do not)
      if (!V.sliceOrder) V.sliceOrder = {};
      var cached = V.sliceOrder[name];
      if (!cached || cached.n !== S.nCand) {
        var ord = [], xv = [];
        for (var i = 0; i < S.nCand; i++) { var v = col[i]; if (v === null) continue; ord.push(i); xv[i] = info.numeric ? v : cat.index[String(v)]; }
        ord.sort(function (a, b) { return xv[a] - xv[b] || a - b; });
        cached = V.sliceOrder[name] = { n: S.nCand, order: ord, x: xv };
      }
      var xs = [], ys = [];
      for (var o = 0; o < cached.order.length; o++) { var c = cached.order[o], m = S.mean[c]; if (m === null || m === undefined) continue; xs.push(cached.x[c]); ys.push(m); }
      box.firstChild.textContent = name + (info.log ? '  (log scale)' : '');
      var xAxis = { size: 36 };
      if (info.log) xAxis.values = function (u, splits) { return splits.map(function (v) { return v == null ? '' : Math.abs(v) < 1e-2 || Math.abs(v) >= 1e5 ? v.toExponential(0) : String(+v.toPrecision(3)); }); };
      if (cat) { xAxis.values = function (u, splits) { return splits.map(function (s) { return Number.isInteger(s) && cat.cats[s] !== undefined ? (cat.cats[s].length > 14 ? cat.cats[s].slice(0, 13) + '…' : cat.cats[s]) : ''; }); }; xAxis.splits = function () { return cat.cats.map(function (_, i) { return i; }); }; }
      makePlot(box.lastChild, {
        sig: 'slice' + info.log + !!cat + (cat ? cat.cats.length : ''), height: 200, legend: { show: false }, cursor: { drag: { x: false, y: false } },
        scales: { x: cat ? { time: false, range: [-0.5, cat.cats.length - 0.5] } : info.log ? { time: false, distr: 3 } : { time: false } },
        axes: [xAxis, { size: 56 }],
        series: [{}, { stroke: '#0f766e', paths: function () { return null; }, points: { show: false } }],
        hooks: { draw: [dots('#0f766e', 'rgba(15,118,110,0.55)', [15, 118, 110])] }
      }, [xs, ys], 'slice_' + name);
    }
  }
  var MAX_LINES = 10000, TOP_LINES = 2000;
  function renderParallel() {
    var names = S.paramNames, axes = names.length + 1, h = 260;
    var g = sizeCanvas(V.par, h), ctx = g.ctx, w = g.w;
    ctx.clearRect(0, 0, w, h);
    var top = 34, bottom = h - 22, left = 40, right = w - 40, n = S.nCand;
    var lo = Infinity, hi = -Infinity, i, k;
    for (i = 0; i < n; i++) { var m = S.mean[i]; if (m != null) { if (m < lo) lo = m; if (m > hi) hi = m; } }
    if (!(hi >= lo)) { ctx.fillStyle = '#667085'; ctx.font = '12px system-ui'; ctx.fillText('no scores yet', left, h / 2); return; }
    var span = hi - lo || 1;
    var maps = names.map(function (name) {
      var info = numericColumn(name);
      if (info.numeric) {
        var a = info.log ? Math.log10(info.min) : info.min, b = info.log ? Math.log10(info.max) : info.max, d = b - a || 1;
        return { f: function (v) { return v === null ? null : ((info.log ? Math.log10(v) : v) - a) / d; }, label: name, lo: info.min, hi: info.max };
      }
      var c = categories(name), nc = Math.max(1, c.cats.length - 1);
      return { f: function (v) { return v === null ? null : c.cats.length === 1 ? 0.5 : c.index[String(v)] / nc; }, label: name, lo: c.cats[0], hi: c.cats[c.cats.length - 1] };
    });
    var xs = []; for (k = 0; k < axes; k++) xs.push(left + (axes === 1 ? 0 : k * (right - left) / (axes - 1)));
    var order = []; for (i = 0; i < n; i++) if (S.mean[i] != null) order.push(i);
    ctx.lineWidth = 1;
    // one path per colour bin (32 strokes instead of one per candidate), worst bins first
    var BINS = 32, bins = [];
    for (var bin = 0; bin < BINS; bin++) bins.push([]);
    for (var o = 0; o < order.length; o++) bins[Math.min(BINS - 1, Math.floor((S.mean[order[o]] - lo) / span * BINS))].push(order[o]);
    // past MAX_LINES candidates, a sample is drawn (the canvas rasterises every segment: 100,000 lines
    // cost seconds in software): the best-scoring bins whole (about TOP_LINES lines), the rest evenly
    var drawn = order.length;
    if (order.length > MAX_LINES) {
      var top = 0, topBins = {};
      for (bin = BINS - 1; bin >= 0 && top < TOP_LINES; bin--) { topBins[bin] = true; top += bins[bin].length; }
      var sTop = Math.max(1, Math.ceil(top / (MAX_LINES / 2))), sRest = Math.max(1, Math.ceil((order.length - top) / (MAX_LINES - Math.min(top, MAX_LINES / 2))));
      drawn = 0;
      for (bin = 0; bin < BINS; bin++) {
        var stride = topBins[bin] ? sTop : sRest;
        if (stride > 1) bins[bin] = bins[bin].filter(function (_, j) { return j % stride === 0; });
        drawn += bins[bin].length;
      }
    }
    V.parHint.textContent = 'coloured by mean ' + S.metric + (drawn < order.length ? ' — ' + fmtInt(drawn) + ' of ' + fmtInt(order.length) + ' lines: the best whole, the rest sampled evenly' : '');
    ctx.globalAlpha = drawn > 5000 ? 0.12 : drawn > 2000 ? 0.25 : 0.7;
    for (bin = 0; bin < BINS; bin++) {
      ctx.strokeStyle = ramp((bin + 0.5) / BINS);
      ctx.beginPath();
      for (o = 0; o < bins[bin].length; o++) {
        i = bins[bin][o];
        var t = (S.mean[i] - lo) / span, started = false;
        for (k = 0; k < axes; k++) {
          var f = k < names.length ? maps[k].f(S.params[names[k]][i]) : t;
          if (f === null || f === undefined || !isFinite(f)) { started = false; continue; }
          var y = bottom - f * (bottom - top);
          if (!started) { ctx.moveTo(xs[k], y); started = true; } else ctx.lineTo(xs[k], y);
        }
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    if (S.best) {
      var b = S.best.candidateIndex; ctx.strokeStyle = '#d64545'; ctx.lineWidth = 2.5; ctx.beginPath();
      for (k = 0; k < axes; k++) { var fb = k < names.length ? maps[k].f(S.params[names[k]][b]) : (S.mean[b] - lo) / span; if (fb == null || !isFinite(fb)) continue; var yb = bottom - fb * (bottom - top); if (k === 0) ctx.moveTo(xs[k], yb); else ctx.lineTo(xs[k], yb); }
      ctx.stroke();
    }
    ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.fillStyle = '#344054'; ctx.strokeStyle = '#98a2b3'; ctx.lineWidth = 1;
    for (k = 0; k < axes; k++) {
      ctx.beginPath(); ctx.moveTo(xs[k] + 0.5, top); ctx.lineTo(xs[k] + 0.5, bottom); ctx.stroke();
      var label = k < names.length ? maps[k].label : 'mean ' + S.metric;
      ctx.fillText(label.length > 18 ? label.slice(0, 17) + '…' : label, xs[k], 9);
      var hiL = k < names.length ? maps[k].hi : hi, loL = k < names.length ? maps[k].lo : lo;
      ctx.fillStyle = '#667085';
      ctx.fillText(fmtCell(typeof hiL === 'number' ? +hiL.toPrecision(3) : hiL), xs[k], top - 6);
      ctx.fillText(fmtCell(typeof loL === 'number' ? +loL.toPrecision(3) : loL), xs[k], bottom + 12);
      ctx.fillStyle = '#344054';
    }
    ctx.textAlign = 'start';
  }

  // ---------- cvResults table ----------
  function rankOf(i) {
    if (S.rank) return S.rank[i];
    return null;
  }
  function liveRanks() {
    // before the search finished: rank by mean (scikit-learn's 'min' method; no score ranks last)
    var idx = []; for (var i = 0; i < S.nCand; i++) idx.push(i);
    idx.sort(function (a, b) { var x = S.mean[a], y = S.mean[b]; if (x == null && y == null) return a - b; if (x == null) return 1; if (y == null) return -1; return y - x || a - b; });
    var r = new Array(S.nCand), prev = null, rank = 0;
    idx.forEach(function (i, pos) { var m = S.mean[i]; if (m !== prev) rank = pos + 1; prev = m; r[i] = m == null ? S.nCand : rank; });
    return { rank: r, order: idx };
  }
  // the k best candidates by live mean (ranks as liveRanks gives them): a native sort of the means
  // finds the k-th best value, then only the candidates at or above it are ordered; null when fewer are scored
  function liveTop(k) {
    var n = S.nCand, vals = new Float64Array(n), i;
    for (i = 0; i < n; i++) { var m = S.mean[i]; vals[i] = m == null ? -Infinity : m; }
    var sorted = vals.slice().sort();
    var kth = sorted[Math.max(0, n - k)];
    if (!(kth > -Infinity)) return null;
    var order = [];
    for (i = 0; i < n; i++) if (vals[i] >= kth) order.push(i);
    order.sort(function (a, b) { return vals[b] - vals[a] || a - b; });
    var rank = {};
    order.forEach(function (c) {
      var lo = 0, hi = n; // first position holding a value above this candidate's: rank = 1 + how many are above
      while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] > vals[c]) hi = mid; else lo = mid + 1; }
      rank[c] = 1 + n - lo;
    });
    return { rank: rank, order: order, total: n };
  }
  function finalRanks() {
    // after the search: scikit-learn's ranks, ordered once (rank, then candidate index)
    if (!V.finalOrder || V.finalOrder.length !== S.nCand) {
      var idx = []; for (var i = 0; i < S.nCand; i++) idx.push(i);
      idx.sort(function (a, b) { return (S.rank[a] || Infinity) - (S.rank[b] || Infinity) || a - b; });
      V.finalOrder = idx;
    }
    return { rank: S.rank, order: V.finalOrder };
  }
  function parseFilter(text) {
    text = text.trim();
    var m = /^(<=|>=|<|>|=)\s*(-?[0-9.eE+-]+)$/.exec(text);
    if (m) { var v = Number(m[2]); return function (x) { if (typeof x !== 'number') return false; return m[1] === '<' ? x < v : m[1] === '>' ? x > v : m[1] === '<=' ? x <= v : m[1] === '>=' ? x >= v : x === v; }; }
    var lower = text.toLowerCase();
    return function (x) { return x !== null && fmtCell(x).toLowerCase().indexOf(lower) >= 0 || x !== null && String(x).toLowerCase().indexOf(lower) >= 0; };
  }
  function renderTable(force) {
    if (!V.table) return;
    var key = V.sort.key, dir = V.sort.dir, text = V.filterText.value, fp = V.filterParam.value;
    var pred = text.trim() ? parseFilter(text) : null;
    // the live default view (best first, no filter) needs only the top k: no sort of every candidate
    var ranked = S.rank ? finalRanks() : key === 'rank' && dir > 0 && !pred ? liveTop(Number(V.topk.value)) || liveRanks() : liveRanks(), ranks = ranked.rank;
    var idx = [];
    // sorted by rank: the ranking's own order, filtered (no second sort of every candidate)
    var byRank = key === 'rank';
    var source = byRank ? (dir > 0 ? ranked.order : ranked.order.slice().reverse()) : null;
    for (var j = 0; j < (source ? source.length : S.nCand); j++) {
      var i = source ? source[j] : j;
      if (pred) {
        var okRow = false;
        if (fp) okRow = pred(S.params[fp][i]); else for (var p = 0; p < S.paramNames.length && !okRow; p++) okRow = pred(S.params[S.paramNames[p]][i]);
        if (!okRow) continue;
      }
      idx.push(i);
    }
    function val(i) { return key === 'rank' ? ranks[i] : key === 'idx' ? i : key === 'mean' ? S.mean[i] : key === 'std' ? S.std[i] : key === 'n' ? S.n[i] : S.params[key][i]; }
    if (!byRank) idx.sort(function (a, b) {
      var x = val(a), y = val(b);
      if (x === y || x == null && y == null) return a - b;
      if (x == null) return 1; if (y == null) return -1;
      if (typeof x === 'number' && typeof y === 'number') return dir * (x - y) || a - b;
      return dir * String(x).localeCompare(String(y)) || a - b;
    });
    var k = Number(V.topk.value), shown = idx.slice(0, k), matched = ranked.total || idx.length;
    V.count.textContent = 'showing ' + shown.length + ' of ' + matched + (matched !== S.nCand ? ' (filtered from ' + S.nCand + ')' : '') + ' candidates';
    var t = V.table; t.textContent = '';
    var cols = [['rank', 'rank', true], ['idx', '#', true]].concat(S.paramNames.map(function (p) { return [p, p, numericColumn(p).numeric]; })).concat([['mean', 'mean_test_' + S.metric, true], ['std', 'std_test_' + S.metric, true], ['n', 'folds', true]]);
    var head = el('tr');
    cols.forEach(function (c) {
      var th = el('th', { cls: 'sortable' + (c[2] ? ' num' : ''), 'data-key': c[0], title: 'sort by ' + c[1] });
      th.appendChild(document.createTextNode(c[1]));
      if (c[0] === key) th.appendChild(el('span', { cls: 'arrow', text: dir > 0 ? '▲' : '▼' }));
      th.addEventListener('click', function () { if (V.sort.key === c[0]) V.sort.dir = -V.sort.dir; else { V.sort.key = c[0]; V.sort.dir = c[0] === 'mean' ? -1 : 1; } renderTable(true); });
      head.appendChild(th);
    });
    t.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    var bestIdx = S.best ? S.best.candidateIndex : -1;
    shown.forEach(function (i) {
      var tr = el('tr', { cls: i === bestIdx ? 'best' : '', 'data-candidate': String(i) });
      tr.appendChild(el('td', { cls: 'num', text: ranks[i] == null ? '' : String(ranks[i]) }));
      tr.appendChild(el('td', { cls: 'num', text: String(i) }));
      S.paramNames.forEach(function (p) { var v = S.params[p][i]; tr.appendChild(el('td', { cls: typeof v === 'number' ? 'num' : '', 'data-param': p, text: fmtCell(v), title: v === null ? '' : String(v) })); });
      tr.appendChild(el('td', { cls: 'num', text: fmtNum(S.mean[i]) }));
      tr.appendChild(el('td', { cls: 'num', text: fmtNum(S.std[i]) }));
      tr.appendChild(el('td', { cls: 'num', text: S.n[i] + ' / ' + S.nSplits }));
      body.appendChild(tr);
    });
    if (!shown.length) body.appendChild(el('tr', null, [el('td', { colspan: String(cols.length), cls: 'empty', text: S.nCand ? 'no candidate matches the filter' : 'no candidates yet' })]));
    t.appendChild(body);
    renderDownloads();
  }
  function renderDownloads() {
    if (report) {
      if (report.csv != null && !V.csv.href) V.csv.href = URL.createObjectURL(new Blob([report.csv], { type: 'text/csv' }));
      if (report.json != null && !V.json.href) V.json.href = URL.createObjectURL(new Blob([report.json], { type: 'application/json' }));
      V.csv.setAttribute('download', 'cv_results.csv'); V.json.setAttribute('download', 'cv_results.json');
      V.csv.classList.toggle('disabled', report.csv == null); V.json.classList.toggle('disabled', report.json == null);
      return;
    }
    V.csv.href = 'api/cv_results.csv'; V.json.href = 'api/cv_results.json';
    V.csv.classList.toggle('disabled', !S.finished); V.json.classList.toggle('disabled', !S.finished);
    V.csv.title = V.json.title = S.finished ? 'the same file --out writes' : 'available when the search finished';
  }

  // ---------- cluster page ----------
  function buildCluster() {
    var q = card('w12', 'Queue');
    var stats = el('div', { cls: 'stats' });
    q.appendChild(stats);
    [['waiting', 'waiting'], ['active', 'active'], ['completed', 'done'], ['failed', 'failed'], ['delayed', 'delayed'], ['workers', 'live workers'], ['threads', 'threads'], ['rate', 'batches / s']].forEach(function (s) { stat(stats, s[0], s[1]); });
    V.qinfo = el('div', { cls: 'muted' }); V.qinfo.style.marginTop = '8px'; q.appendChild(V.qinfo);
    var wk = card('w7', 'Workers (from heartbeats)');
    V.cworkers = el('table', { id: 'cluster-workers' }); wk.appendChild(el('div', { cls: 'tablewrap' }, [V.cworkers]));
    var th = card('w5', 'Queue over time');
    V.qChart = el('div', { id: 'chart-queue' }); th.appendChild(V.qChart);
    var se = card('w12', 'Searches');
    V.csearches = el('table', { id: 'cluster-searches' }); se.appendChild(el('div', { cls: 'tablewrap' }, [V.csearches]));
  }
  function table(t, heads, rows, empty) {
    t.textContent = '';
    var h = el('tr'); heads.forEach(function (x, i) { h.appendChild(el('th', { cls: x[1] ? 'num' : '', text: x[0] })); });
    t.appendChild(el('thead', null, [h]));
    var b = el('tbody');
    rows.forEach(function (r) { b.appendChild(r); });
    if (!rows.length) b.appendChild(el('tr', null, [el('td', { colspan: String(heads.length), cls: 'empty', text: empty })]));
    t.appendChild(b);
  }
  function renderCluster() {
    var c = S.counts;
    ['waiting', 'active', 'completed', 'failed', 'delayed'].forEach(function (k) { V['stat_' + k].textContent = fmtInt(c[k]); });
    var live = S.workers.filter(function (w) { return !w.lost; });
    V.stat_workers.textContent = fmtInt(live.length);
    V.stat_threads.textContent = fmtInt(live.reduce(function (a, w) { return a + (w.concurrency || 0); }, 0));
    var H = S.history, rate = null;
    if (H.t.length > 1) { var j = Math.max(0, H.t.length - 6), dt = (H.t[H.t.length - 1] - H.t[j]) / 1000; rate = dt > 0 ? (H.completed[H.completed.length - 1] - H.completed[j]) / dt : null; }
    V.stat_rate.textContent = fmtNum(rate, 1);
    V.qinfo.textContent = (S.error ? 'error: ' + S.error + ' — ' : '') + 'Redis ' + S.redis + ', queue ' + S.queue + ', prefix ' + S.prefix;
    V.statbox_failed.classList.toggle('bad', c.failed > 0);
    table(V.cworkers, [['worker'], ['threads', 1], ['fits', 1], ['fits/s', 1], ['RSS', 1], ['last heartbeat', 1], ['status']], S.workers.map(function (w) {
      return el('tr', { cls: w.lost ? 'lost' : '', 'data-worker': w.id }, [el('td', { text: w.id }), el('td', { cls: 'num', text: w.concurrency == null ? '–' : String(w.concurrency) }), el('td', { cls: 'num', text: fmtInt(w.fits) }), el('td', { cls: 'num', text: fmtNum(w.fitsPerSec, 2) }), el('td', { cls: 'num', text: fmtBytes(w.rss) }), el('td', { cls: 'num', text: w.lastSeenSec.toFixed(0) + ' s ago' }), el('td', { text: w.lost ? 'lost' : 'live' })]);
    }), 'no worker has sent a heartbeat on this queue');
    table(V.csearches, [['search id'], ['state'], ['results stored', 1]], S.searches.map(function (s) {
      return el('tr', { 'data-search': s.id }, [el('td', { text: s.id }), el('td', { text: s.state }), el('td', { cls: 'num', text: fmtInt(s.results) })]);
    }), 'no search is running on this prefix');
    if (H.t.length) makePlot(V.qChart, {
      sig: 'queue', height: 220, cursor: { drag: { x: false, y: false } }, scales: { x: { time: true } },
      axes: [{ size: 36 }, { size: 50 }],
      series: [{}, { label: 'waiting', stroke: '#e0a526', width: 2 }, { label: 'active', stroke: '#2f9e6f', width: 2 }]
    }, [H.t.map(function (t) { return t / 1000; }), H.waiting || H.active.map(function () { return null; }), H.active], 'queuePlot');
  }

  // ---------- render loop ----------
  var timings = {}, firstDrawn = {};
  var UPLOT_VIEWS = { best: 1, candidates: 1, slices: 1, table: 0 };
  function timed(name, fn) {
    var t = performance.now();
    fn();
    var sync = performance.now();
    // uPlot draws in a microtask queued by fn: one queued now runs after it, so the time includes the drawing
    queueMicrotask(function () {
      var e = UPLOT_VIEWS[name] || name.indexOf('slice ') === 0 ? performance.now() : sync;
      timings[name] = Math.round(e - t);
      if (!(name in firstDrawn)) firstDrawn[name] = { at: Math.round(e), ms: timings[name] };
      if (window.hyperfoldDebug) console.log('render ' + name + ' ' + timings[name] + ' ms');
    });
  }
  function render() {
    requestAnimationFrame(render);
    if (!S) return;
    var now = performance.now();
    if (S.kind === 'cluster') { if (dirty.fast) { dirty.fast = false; renderCluster(); } return; }
    var live = !S.finished && !report;
    if (dirty.fast || live && now - (V.lastTick || 0) > 500) {
      V.lastTick = now;
      dirty.fast = false;
      timed('progress', renderProgress); timed('workers', renderWorkers); timed('tasks', renderTasks); timed('best', renderBest);
      return; // a score view waits for the next frame: one frame never does both
    }
    // the score views cost O(candidates): redrawn at most every 0.3-3 s, one view per frame
    // so the counters and the task stream keep moving between them
    var every = S.nCand > 20000 ? 3000 : S.nCand > 2000 ? 1000 : 300;
    if (!V.slowQueue) V.slowQueue = [];
    if (dirty.slow && !V.slowQueue.length && now - lastSlow > every) {
      lastSlow = now; dirty.slow = false;
      V.slowQueue = [['candidates', renderCandidates], ['parallel', renderParallel]]
        .concat(S.paramNames.map(function (name, k) { return [k === S.paramNames.length - 1 ? 'slices' : 'slice ' + name, function () { renderSlice(name); }]; }))
        .concat([['table', renderTable], ['done', null]]);
      V.slowFits = S.taskBase + S.tasks.lane.length;
    } else if (V.slowQueue.length) {
      var job = V.slowQueue.shift();
      if (job[1]) timed(job[0], job[1]);
      else document.body.setAttribute('data-rendered', String(V.slowFits));
    }
  }
  window.addEventListener('resize', function () { dirty.fast = dirty.slow = true; lastSlow = -Infinity; });

  // ---------- data sources ----------
  var es = null;
  function setStatus(text, cls) { statusEl.textContent = text; statusEl.className = 'pill ' + (cls || ''); }
  function connect() {
    if (es) es.close();
    es = new EventSource('api/events');
    es.addEventListener('snapshot', function (ev) {
      var t = performance.now(), snap = JSON.parse(ev.data), p = performance.now();
      onSnapshot(snap);
      if (!('snapshot' in firstDrawn)) firstDrawn.snapshot = { at: Math.round(performance.now()), ms: Math.round(performance.now() - t), parseMs: Math.round(p - t), bytes: ev.data.length };
      setStatus(S.kind === 'cluster' ? 'live' : S.finished ? 'finished' : 'live', S.finished && S.kind !== 'cluster' ? 'done' : 'live');
    });
    es.addEventListener('delta', function (ev) {
      var d = JSON.parse(ev.data);
      if (d.kind === 'cluster') { S = d; S.receivedAt = Date.now(); build(); dirty.fast = true; setStatus(d.error ? 'redis error' : 'live', d.error ? 'warn' : 'live'); return; }
      if (!onDelta(d)) { connect(); return; }
      setStatus(S.finished ? 'finished' : 'live', S.finished ? 'done' : 'live');
    });
    es.onerror = function () { setStatus(S && S.finished ? 'finished (server gone)' : 'reconnecting…', 'warn'); };
  }
  var embedded = document.getElementById('hf-report');
  if (embedded) {
    report = JSON.parse(embedded.textContent);
    onSnapshot(report.snapshot);
    setStatus('report', 'report');
  } else connect();
  // timings: last draw of each view (ms); firstDrawn: when each view was first drawn (ms since navigation) and what it cost
  window.hyperfoldDashboard = { state: function () { return S; }, timings: function () { return timings; }, firstDrawn: function () { return firstDrawn; } };
  requestAnimationFrame(render);
})();
`;
