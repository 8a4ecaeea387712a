"""JavaScript run inside JupyterLab's page (`page.evaluate`) to drive and inspect one notebook.

Each snippet is an arrow function. They reach JupyterLab through `window.jupyterapp`, which the
server exposes because the fixture starts it with `--LabApp.expose_app_in_browser=True`.
`FIND_PANEL` is pasted at the top of the snippets that need the notebook under test.
"""

FIND_PANEL = r"""
  const app = window.jupyterapp;
  const findPanel = (path) => {
    if (!app || !app.shell) return null;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
    }
    return null;
  };
  // The element that scrolls a notebook (JupyterLab's windowed panel when there is one).
  const scroller = (nb) => nb.outerNode || nb.node.querySelector('.jp-WindowedPanel-outer') || nb.node;
"""

# Is the notebook open, its model loaded and its kernel started and idle? Also reports a blocking
# dialog (e.g. "Select Kernel"), which would otherwise make the test wait in silence.
NOTEBOOK_STATE = (
    "(path) => {"
    + FIND_PANEL
    + r"""
  const dialog = document.querySelector('.jp-Dialog');
  const panel = findPanel(path);
  if (!panel) return {open: false, dialog: dialog ? dialog.innerText.slice(0, 400) : null};
  const sc = panel.sessionContext;
  const kernel = sc && sc.session && sc.session.kernel;
  return {
    open: true,
    ready: panel.context.isReady && !!(sc && sc.isReady),
    kernel: kernel ? kernel.name : null,
    status: sc ? sc.kernelDisplayStatus : null,
    cells: panel.content.widgets.length,
    dialog: dialog ? dialog.innerText.slice(0, 400) : null,
  };
}"""
)

# Focus the notebook, tidy the layout for screenshots and start "Run All Cells" without waiting:
# Python polls RUN_STATE so it can time out with a useful message.
START_RUN_ALL = (
    "(path) => {"
    + FIND_PANEL
    + r"""
  const panel = findPanel(path);
  app.shell.activateById(panel.id);
  if (app.shell.collapseLeft) app.shell.collapseLeft();
  if (app.shell.collapseRight) app.shell.collapseRight();
  window.__lessonRun = {done: false, ok: null, error: null, started: performance.now(), ms: null};
  const run = window.__lessonRun;
  app.commands.execute('notebook:run-all-cells').then(
    (ok) => { run.done = true; run.ok = ok; run.ms = performance.now() - run.started; },
    (err) => { run.done = true; run.ok = false; run.error = String(err); run.ms = performance.now() - run.started; },
  );
  return true;
}"""
)

# Progress of "Run All": which code cells still lack an execution count, and the kernel state.
RUN_STATE = (
    "(path) => {"
    + FIND_PANEL
    + r"""
  const panel = findPanel(path);
  const run = window.__lessonRun || {};
  const notRun = [];
  let code = 0;
  panel.content.widgets.forEach((cell, i) => {
    const m = cell.model;
    if (m.type !== 'code') return;
    code += 1;
    if (!m.sharedModel.getSource().trim()) return;  // JupyterLab does not execute empty cells
    if (m.executionCount === null || m.executionCount === undefined) notRun.push(i);
  });
  return {
    done: !!run.done, ok: run.ok, error: run.error || null, ms: run.ms,
    status: panel.sessionContext.kernelDisplayStatus,
    code, notRun,
    dialog: (document.querySelector('.jp-Dialog') || {}).innerText || null,
  };
}"""
)

# Scroll cell `index` into view (JupyterLab windows long notebooks, so outputs of far cells may
# not be attached or painted until scrolled to) and report what it shows. `pending` is true while
# something is still on its way (a widget view loading, a plot or map not yet drawn); Python
# polls until it settles or times out, then fails on `problems`.
INSPECT_CELL = (
    "async ([path, index]) => {"
    + FIND_PANEL
    + r"""
  const panel = findPanel(path);
  const nb = panel.content;
  try { await nb.scrollToItem(index, 'start'); } catch (e) { /* older API: best effort */ }
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const cell = nb.widgets[index];
  const report = {index, type: cell.model.type, problems: [], warnings: [], pending: [], plots: [], maps: [],
                  widgets: 0, outputs: 0, images: 0};
  const node = cell.node;
  const text = (el) => (el.innerText || el.textContent || '');
  const strip = (s) => String(s).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

  // 1. What the kernel sent (the model): errors and tracebacks, whether or not they are painted.
  if (cell.model.type === 'code') {
    const outputs = cell.model.outputs;
    report.outputs = outputs.length;
    for (let k = 0; k < outputs.length; k++) {
      const out = outputs.get(k).toJSON();
      if (out.output_type === 'error') {
        report.problems.push(`error output ${out.ename}: ${strip(out.evalue)}\n` +
          strip((out.traceback || []).slice(-4).join('\n')).slice(-1500));
      } else if (out.output_type === 'stream' && out.name === 'stderr') {
        const t = strip(Array.isArray(out.text) ? out.text.join('') : out.text);
        if (/Traceback \(most recent call last\)|^\w+(Error|Exception):/m.test(t)) {
          report.problems.push('traceback on stderr:\n' + t.slice(-1500));
        } else {
          report.warnings.push('stderr: ' + t.slice(0, 300));
        }
      }
    }
  }

  // 2. What the page shows.
  for (const el of node.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')) {
    const t = text(el);
    if (/Traceback \(most recent call last\)|^\w+(Error|Exception): /m.test(t) && !report.problems.length) {
      report.problems.push('error text on the page: ' + t.slice(0, 600));
    }
  }
  const shown = text(node);
  if (/No renderer could be found/.test(shown)) report.problems.push('JupyterLab has no renderer for an output (missing extension?)');
  if (/Error displaying widget/.test(shown)) report.problems.push('"Error displaying widget": ' + shown.match(/Error displaying widget[^\n]*/)[0]);
  if (/Loading widget\.\.\./.test(shown)) report.pending.push('"Loading widget..." still shown');
  const jsError = shown.match(/(Javascript Error|JavaScript output is disabled)[^\n]*/);
  if (jsError) report.problems.push('an output failed to render: ' + jsError[0].slice(0, 300));

  // Widget views: each widget-view output must hold a rendered ipywidgets DOM tree.
  if (cell.model.type === 'code') {
    const outputs = cell.model.outputs;
    const children = cell.outputArea ? Array.from(cell.outputArea.node.children).filter((c) => c.classList.contains('jp-OutputArea-child')) : [];
    for (let k = 0; k < outputs.length; k++) {
      const out = outputs.get(k);
      const data = out.data || {};
      if (!('application/vnd.jupyter.widget-view+json' in data)) continue;
      report.widgets += 1;
      const child = children[k];
      if (!child) { report.pending.push(`widget output ${k} not attached`); continue; }
      if (!child.querySelector('.jupyter-widgets, .widget-container, .widget-inline-hbox, .js-plotly-plot, [class*="anywidget"]')) {
        const t = text(child).trim();
        // A widget that was closed on purpose leaves an empty output: not our business.
        if (t) report.pending.push(`widget output ${k} shows no widget: ${t.slice(0, 200)}`);
      }
    }
  }

  // Images (markdown pictures, PNG outputs) must have loaded.
  for (const img of node.querySelectorAll('.jp-RenderedHTMLCommon img, .jp-RenderedImage img, .jp-RenderedMarkdown img')) {
    if (img.closest('.js-plotly-plot')) continue;
    if (getComputedStyle(img).display === 'none') continue;
    report.images += 1;
    if (!img.complete) report.pending.push('image still loading: ' + img.src.slice(0, 120));
    else if (!img.naturalWidth) report.problems.push('broken image: ' + (img.getAttribute('src') || '').slice(0, 200));
  }

  // Plotly figures: laid out, sized, drawing marks; maps with a live map and visible features.
  const plots = Array.from(node.querySelectorAll('.js-plotly-plot'));
  const plotMimes = cell.model.type === 'code'
    ? Array.from({length: cell.model.outputs.length}, (_, k) => cell.model.outputs.get(k).data || {})
        .filter((d) => 'application/vnd.plotly.v1+json' in d).length
    : 0;
  if (plots.length < plotMimes) report.pending.push(`${plotMimes} plotly outputs but ${plots.length} plots on the page`);
  plots.forEach((gd, p) => {
    const fl = gd._fullLayout;
    const fd = gd._fullData || [];
    const box = gd.getBoundingClientRect();
    const info = {plot: p, types: fd.map((t) => t.type), width: Math.round(box.width), height: Math.round(box.height), marks: 0};
    report.plots.push(info);
    if (!fl) { report.pending.push(`plot ${p} not laid out yet`); return; }
    if (box.width < 50 || box.height < 50) { report.pending.push(`plot ${p} is ${info.width}x${info.height}px`); return; }
    if (!gd.querySelector('svg.main-svg')) { report.pending.push(`plot ${p} has no svg`); return; }
    // Text cut off: a title or note running past the figure's edge, or a figure wider than its output.
    const frame = gd.querySelector('svg.main-svg').getBoundingClientRect();
    for (const text of gd.querySelectorAll('.gtitle, .annotation-text-g')) {
      const r = text.getBoundingClientRect();
      if (r.width && (r.right > frame.right + 1 || r.left < frame.left - 1)) {
        report.problems.push(`plot ${p}: text runs past the figure's edge: "${(text.textContent || '').slice(0, 60)}"`);
      }
    }
    const output = gd.closest('.jp-OutputArea-output');
    if (output && frame.right > output.getBoundingClientRect().right + 1) {
      report.problems.push(`plot ${p}: ${Math.round(frame.width)} px wide in an output ${Math.round(output.clientWidth)} px wide: cut off`);
    }
    const visible = fd.filter((t) => t.visible === true);
    const mapTypes = /^(choroplethmap|scattermap|densitymap|choroplethmapbox|scattermapbox|densitymapbox)$/;
    const geoTypes = /^(choropleth|scattergeo)$/;
    const svgTraces = visible.filter((t) => !mapTypes.test(t.type) && !geoTypes.test(t.type));
    // Marks that a trace actually drew: non-empty paths, images, or texts in the plot layers.
    const marks = Array.from(gd.querySelectorAll('.main-svg g.trace path, .main-svg g.trace image, .main-svg g.trace text, .main-svg .pielayer path, .main-svg .table text, .main-svg g.points path'))
      .filter((el) => el.tagName !== 'path' || ((el.getAttribute('d') || '').length > 4 && el.getAttribute('d') !== 'M0,0Z'));
    info.marks = marks.length + gd.querySelectorAll('canvas.gl-canvas-context, canvas.gl-canvas-focus').length;
    if (svgTraces.length && !info.marks) report.pending.push(`plot ${p} (${info.types.join(', ')}) draws no marks`);

    for (const t of visible.filter((t) => geoTypes.test(t.type))) {
      const drawn = gd.querySelectorAll('.geolayer path, .geo .layer path').length;
      if (!drawn) report.pending.push(`plot ${p}: ${t.type} (a geo map) draws no land; plotly's geo maps fetch their world outline from the internet, use Choroplethmap with local GeoJSON`);
    }

    for (const key of Object.keys(fl).filter((k) => /^(map|mapbox)\d*$/.test(k))) {
      const sub = fl[key] && fl[key]._subplot;
      const traces = visible.filter((t) => (t.subplot || 'map') === key);
      if (!traces.length) continue;
      if (!sub || !sub.map) { report.pending.push(`plot ${p}: map subplot ${key} has no map yet`); continue; }
      const map = sub.map;
      const canvas = map.getCanvas ? map.getCanvas() : gd.querySelector('canvas');
      const r = canvas.getBoundingClientRect();
      const layers = (map.getStyle() && map.getStyle().layers) || [];
      const fills = layers.filter((l) => l.type === 'fill' && l.id.startsWith('plotly-trace-layer')).map((l) => l.id);
      const traceLayers = layers.filter((l) => l.id.startsWith('plotly-trace-layer')).map((l) => l.id);
      let features = 0;
      try { features = traceLayers.length ? map.queryRenderedFeatures({layers: traceLayers}).length : 0; } catch (e) { features = -1; }
      const m = {plot: p, subplot: key, types: traces.map((t) => t.type), loaded: map.loaded(),
                 canvas: {x: r.x, y: r.y, width: r.width, height: r.height}, fillLayers: fills.length, features,
                 classes: canvas.className};
      report.maps.push(m);
      if (!m.loaded) { report.pending.push(`plot ${p}: its ${key} subplot is still loading`); continue; }
      if (r.width < 50 || r.height < 50) { report.pending.push(`plot ${p}: map canvas is ${r.width}x${r.height}px`); continue; }
      if (traces.some((t) => t.type.startsWith('choropleth')) && !fills.length) report.pending.push(`plot ${p}: choropleth map has no fill layer`);
      if (features === 0) report.pending.push(`plot ${p}: its ${key} subplot shows no shape or marker in view`);
    }
  });
  return report;
}"""
)

# The notebook's scrolling element and its size, for paged screenshots.
SCROLL_INFO = (
    "(path) => {"
    + FIND_PANEL
    + r"""
  const nb = findPanel(path).content;
  const outer = scroller(nb);
  // Content height without JupyterLab's "scroll past end" padding, when the last cell is attached.
  const last = nb.widgets[nb.widgets.length - 1];
  let height = outer.scrollHeight;
  if (last && last.node.isConnected && last.node.getBoundingClientRect().height > 0) {
    height = Math.min(height, last.node.getBoundingClientRect().bottom - outer.getBoundingClientRect().top + outer.scrollTop + 20);
  }
  return {top: outer.scrollTop, height, client: outer.clientHeight};
}"""
)

SCROLL_TO = (
    "async ([path, top]) => {"
    + FIND_PANEL
    + r"""
  const nb = findPanel(path).content;
  const outer = scroller(nb);
  outer.scrollTop = top;
  await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {top: outer.scrollTop, height: outer.scrollHeight, client: outer.clientHeight};
}"""
)

# Colour statistics of a PNG (base64) decoded in the page: no image library needed in Python.
# `background` is the most common colour; `share` the fraction of pixels clearly unlike it.
PNG_STATS = r"""async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const {data} = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const key = ((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let bg = 0, bgCount = -1;
  for (const [k, c] of counts) if (c > bgCount) { bg = k; bgCount = c; }
  const bgRGB = [(bg >> 10) << 3, ((bg >> 5) & 31) << 3, (bg & 31) << 3];
  let unlike = 0;
  for (let i = 0; i < data.length; i += 4) {
    const d = Math.abs(data[i] - bgRGB[0]) + Math.abs(data[i + 1] - bgRGB[1]) + Math.abs(data[i + 2] - bgRGB[2]);
    if (d > 48) unlike += 1;
  }
  const total = data.length / 4;
  const significant = Array.from(counts.values()).filter((c) => c > total * 0.001).length;
  return {width: bitmap.width, height: bitmap.height, colours: significant, background: bgRGB, share: unlike / total};
}"""

# Where a map's features should be painted, and in what colour, according to MapLibre itself:
# a grid of points over the canvas, each with the fill colour of the plotly feature under it.
# Comparing these with a screenshot catches a map that is painted wrong (stale or misplaced
# tiles), which a feature count alone cannot see.
MAP_PAINT_SAMPLES = r"""async ([path, index, p, key]) => {
  const app = window.jupyterapp;
  const panel = Array.from(app.shell.widgets('main')).find((w) => w.context && w.context.path === path);
  const gd = panel.content.widgets[index].node.querySelectorAll('.js-plotly-plot')[p];
  const map = gd._fullLayout[key]._subplot.map;
  const canvas = map.getCanvas();
  canvas.scrollIntoView({block: 'center'});
  await new Promise((r) => setTimeout(r, 300));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const box = canvas.getBoundingClientRect();
  const fills = map.getStyle().layers.filter((l) => l.type === 'fill' && l.id.startsWith('plotly-trace-layer'));
  const parse = (c) => {
    const m = String(c || '').match(/rgba?\(([^)]+)\)/);
    if (m) { const v = m[1].split(',').map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; }
    const h = String(c || '').match(/^#([0-9a-f]{6})$/i);
    return h ? [parseInt(h[1].slice(0, 2), 16), parseInt(h[1].slice(2, 4), 16), parseInt(h[1].slice(4, 6), 16), 1] : null;
  };
  const opacityOf = (layer, props) => {
    const o = map.getPaintProperty(layer.id, 'fill-opacity');
    if (typeof o === 'number') return o;
    if (Array.isArray(o) && o[0] === 'get' && typeof props[o[1]] === 'number') return props[o[1]];
    return 1;
  };
  const samples = [];
  const steps = 24, margin = 8;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const x = margin + (box.width - 2 * margin) * i / steps, y = margin + (box.height - 2 * margin) * j / steps;
      if (y < 40 && x > box.width - 260) continue;  // plotly's mode bar may cover this corner
      const hit = (dx, dy) => map.queryRenderedFeatures([x + dx, y + dy], {layers: fills.map((l) => l.id)});
      const features = hit(0, 0);
      if (features.length !== 1) continue;  // overlaps and borders: no single expected colour
      const f = features[0];
      // Keep points well inside one feature (4 px around it hit the same one), away from outlines.
      const same = [[-4, 0], [4, 0], [0, -4], [0, 4]].every(([dx, dy]) => {
        const g = hit(dx, dy); return g.length === 1 && g[0].id === f.id && g[0].layer.id === f.layer.id;
      });
      if (!same) continue;
      const colour = parse(f.properties.fc);
      if (!colour) continue;
      const layer = fills.find((l) => l.id === f.layer.id);
      samples.push({x: Math.round(x), y: Math.round(y), rgb: colour.slice(0, 3), alpha: colour[3] * opacityOf(layer, f.properties)});
    }
  }
  return {canvas: {x: box.x, y: box.y, width: box.width, height: box.height}, vw: window.innerWidth, vh: window.innerHeight, samples};
}"""

# Of the sample points, how many show (in the PNG of the canvas) the colour MapLibre says they
# should: the feature's colour at its opacity over the background (or over white).
MAP_PAINT_MATCH = r"""async ([b64, samples, offset, background]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const {data} = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  const at = (x, y) => { const k = (y * bitmap.width + x) * 4; return [data[k], data[k + 1], data[k + 2]]; };
  const bg = background || [255, 255, 255];
  let checked = 0, matched = 0;
  const misses = [];
  for (const s of samples) {
    const x = s.x - offset[0], y = s.y - offset[1];
    if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) continue;
    checked += 1;
    const seen = at(x, y);
    const expected = [bg, [255, 255, 255]].map((under) => s.rgb.map((c, i) => c * s.alpha + under[i] * (1 - s.alpha)));
    const close = expected.some((e) => Math.abs(e[0] - seen[0]) + Math.abs(e[1] - seen[1]) + Math.abs(e[2] - seen[2]) <= 60);
    if (close) matched += 1; else if (misses.length < 5) misses.push({x: s.x, y: s.y, expected: expected[1].map(Math.round), seen});
  }
  return {checked, matched, misses};
}"""
