/* runlift dashboard: each page reads /api/ and draws it with the bundled Chart.js.
 * Data never goes through innerHTML (file names and reasons are text). When a page has drawn everything,
 * <body data-ready="yes"> is set (data-ready="error" after a failure); each canvas says how many data
 * points it drew in data-points. The browser tests wait on both. */
"use strict";

(() => {
  const params = new URLSearchParams(location.search);
  const COLOR = {
    blue: "#1971c2", red: "#e03131", green: "#2f9e44", amber: "#f08c00", grey: "#adb5bd",
    violet: "#7048e8", teal: "#0c8599", light: "#e9ecef",
  };
  const BAND_COLOR = { green: COLOR.green, amber: COLOR.amber, red: COLOR.red };
  const MARKERS_LISTED = 12; // the strength page lists the latest markers; the chart shows them all

  Chart.register(window["chartjs-plugin-annotation"]);
  Chart.defaults.animation = false; // drawn at once: steady screenshots, no busy loop
  Chart.defaults.maintainAspectRatio = false;

  // --- helpers ---------------------------------------------------------------------------------

  async function api(path, query = {}, { missingOk = false } = {}) {
    const url = new URL(path, location.origin);
    for (const [key, value] of Object.entries(query)) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url, { credentials: "same-origin" });
    if (missingOk && response.status === 404) return null;
    if (!response.ok) {
      let detail = response.statusText;
      try {
        detail = JSON.stringify((await response.json()).detail);
      } catch (_) { /* not JSON */ }
      throw new Error(`${url.pathname}: ${response.status} ${detail}`);
    }
    return response.json();
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return node;
  }

  const $ = (selector) => document.querySelector(selector);

  function addDays(iso, days) {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function mondayOf(iso) {
    const weekday = (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
    return addDays(iso, -weekday);
  }

  const round = (x, digits = 1) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));

  /** The days a page shows: ?to= (default: its data's last day, not after today) and ?days= back. */
  function windowOf(span, today, defaultDays) {
    const last = span.last < today ? span.last : today;
    const to = params.get("to") || last;
    const days = params.get("days") || String(defaultDays);
    const from = days === "all" ? span.first : addDays(to, -(Number(days) - 1));
    $("#window").textContent = `${from} to ${to}`;
    const ranges = $("#ranges");
    if (ranges) {
      ranges.replaceChildren("Show: ");
      for (const choice of ["90", "180", "365", "730", "all"]) {
        const query = new URLSearchParams(params);
        query.set("days", choice);
        const label = choice === "all" ? "all" : `${choice} days`;
        ranges.append(
          choice === days ? el("strong", { text: label }) : el("a", { href: `?${query}`, text: label }),
          " ",
        );
      }
    }
    return { from, to };
  }

  function draw(name, config) {
    const canvas = document.querySelector(`canvas[data-chart="${name}"]`);
    Chart.getChart(canvas)?.destroy();
    const chart = new Chart(canvas, config);
    const points = config.data.datasets
      .filter((set) => !set.isGuide)
      .reduce((n, set) => n + set.data.filter((v) => v !== null && v !== undefined).length, 0);
    canvas.dataset.points = String(points);
    return chart;
  }

  function line(label, data, color, extra = {}) {
    return {
      type: "line", label, data, borderColor: color, backgroundColor: color,
      pointRadius: data.length > 60 ? 0 : 2, borderWidth: 2, spanGaps: true, ...extra,
    };
  }

  const dateAxis = { ticks: { maxTicksLimit: 12, autoSkip: true } };

  function nothing(message) {
    $("main").append(el("p", { class: "muted empty", text: message }));
  }

  // --- today -----------------------------------------------------------------------------------

  async function today() {
    const day = params.get("as_of") || (await api("/api/days")).today;
    const tomorrow = addDays(day, 1);
    $("#window").textContent = day;
    const [training, week] = await Promise.all([
      api("/api/training", { as_of: day }),
      api("/api/plan", { week: day }, { missingOk: true }),
    ]);
    const next = mondayOf(tomorrow) === mondayOf(day)
      ? week
      : await api("/api/plan", { week: tomorrow }, { missingOk: true });

    const r = training.readiness;
    const score = r.score;
    draw("readiness", {
      type: "doughnut",
      data: {
        labels: ["score", "rest of 100"],
        datasets: [{
          label: "readiness",
          data: score === null ? [] : [score, 100 - score],
          backgroundColor: [BAND_COLOR[r.band] || COLOR.grey, COLOR.light],
          borderWidth: 0,
        }],
      },
      options: {
        rotation: -90, circumference: 180, cutout: "70%",
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
      },
    });
    $("#score").textContent = score === null ? "–" : Math.round(score);
    $("#band").textContent = r.band || "no score yet";
    $("#band").className = r.band ? `band-${r.band}` : "muted";
    $("#confidence").textContent = `confidence ${r.confidence}; ${r.formula}`;
    $("#reasons").replaceChildren(...r.reasons.map((reason) => el("li", { text: reason })));

    sessionsOf($("#today-sessions"), week, day);
    sessionsOf($("#tomorrow-sessions"), next, tomorrow);

    const seen = new Set();
    const adjustments = [week, next]
      .filter((w) => w && !seen.has(w.week_start) && seen.add(w.week_start))
      .flatMap((w) => w.adjustments)
      .filter((a) => a.on_day <= day)
      .sort((a, b) => (a.on_day < b.on_day ? 1 : -1))
      .slice(0, 8);
    const body = $("#adjustments tbody");
    body.replaceChildren(...adjustments.map((a) => el(
      "tr", {},
      el("td", { text: a.on_day }), el("td", { text: a.rule }),
      el("td", { text: a.session }), el("td", { text: a.reason }),
    )));
    if (!adjustments.length) {
      body.append(el("tr", {}, el("td", { colspan: "4", class: "muted", text: "No adjustments yet." })));
    }
  }

  function sessionsOf(list, week, day) {
    if (!week) {
      list.replaceChildren(el("li", {
        class: "muted",
        text: `The week of ${mondayOf(day)} is not planned yet (the daemon plans each week; `
          + "`runlift plan` plans it now).",
      }));
      return;
    }
    const sessions = week.sessions.filter((s) => s.day === day);
    list.replaceChildren(...sessions.map((s) => el(
      "li", {},
      el("strong", { text: s.title }),
      s.minutes ? ` · ${s.minutes} min` : "",
      s.exercises.length ? ` · ${s.exercises.map((e) => e.name).join(", ")}` : "",
      ` · ${s.status}`,
    )));
    if (!sessions.length) list.append(el("li", { class: "muted", text: "Rest." }));
  }

  // --- load ------------------------------------------------------------------------------------

  async function load() {
    const [days, limits] = await Promise.all([api("/api/days"), api("/api/thresholds")]);
    if (!days.training) return nothing("No training imported yet.");
    const { from, to } = windowOf(days.training, days.today, 180);
    const channel = params.get("channel") || "combined";
    const select = $("#channel");
    select.value = channel;
    select.addEventListener("change", () => {
      params.set("channel", select.value);
      location.search = params.toString();
    });
    const [rows, weeks] = await Promise.all([
      api("/api/load", { from, to, channel }),
      api("/api/load/weeks", { from, to, channel: "running" }),
    ]);
    const labels = rows.map((r) => r.day);
    draw("pmc", {
      data: {
        labels,
        datasets: [
          line("Fitness (CTL)", rows.map((r) => r.ctl), COLOR.blue),
          line("Fatigue (ATL)", rows.map((r) => r.atl), COLOR.red),
          line("Form (TSB)", rows.map((r) => r.tsb), COLOR.green),
          { type: "bar", label: "Daily load", data: rows.map((r) => r.load), backgroundColor: COLOR.light,
            yAxisID: "load" },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: {
          x: dateAxis, y: { title: { display: true, text: "TRIMP (AU)" } },
          load: { position: "right", grid: { display: false }, title: { display: true, text: "daily load" } },
        },
      },
    });

    const spike = limits.spike_pct;
    const norm = limits.spike_norm_weeks;
    $("#spike-rule").textContent = `a week more than ${spike} % over the mean of the ${norm} weeks before is a spike (red)`;
    // Each week's threshold, from the mean of the weeks before it (none without running before it).
    const threshold = weeks.map((w) => (w.norm_km > 0 ? +(w.norm_km * (1 + spike / 100)).toFixed(2) : null));
    draw("km", {
      data: {
        labels: weeks.map((w) => w.week_start),
        datasets: [
          { type: "bar", label: "km", data: weeks.map((w) => w.km),
            backgroundColor: weeks.map((w) => (w.spike ? COLOR.red : COLOR.blue)) },
          line(`Spike threshold (+${spike} % on the ${norm}-week mean)`, threshold, COLOR.amber,
            { showLine: false, pointStyle: "line", pointRadius: 14, borderWidth: 3, isGuide: true }),
        ],
      },
      options: { scales: { x: dateAxis, y: { title: { display: true, text: "km" } } } },
    });

    const [low, high] = limits.acwr_band;
    $("#band-rule").textContent = `band ${low}-${high}; above ${high} is a spike (${channel})`;
    draw("acwr", {
      data: { labels, datasets: [line("Acute:chronic", rows.map((r) => r.acwr), COLOR.violet)] },
      options: {
        scales: { x: dateAxis, y: { suggestedMin: 0, suggestedMax: 2 } },
        plugins: {
          annotation: {
            annotations: {
              band: { type: "box", yMin: low, yMax: high, backgroundColor: "rgba(47,158,68,0.12)", borderWidth: 0 },
              upper: { type: "line", yMin: high, yMax: high, borderColor: COLOR.red, borderDash: [6, 4], borderWidth: 1 },
            },
          },
        },
      },
    });
  }

  // --- strength --------------------------------------------------------------------------------

  async function strength() {
    const exercises = await api("/api/exercises");
    if (!exercises.length) return nothing("No strength sessions imported yet.");
    const select = $("#lift");
    const chosen = params.get("lift") || exercises[0].key;
    select.replaceChildren(...exercises.map((e) => el("option", { value: e.key, text: `${e.name} (${e.sessions})` })));
    select.value = chosen;
    select.addEventListener("change", () => {
      params.set("lift", select.value);
      location.search = params.toString();
    });
    const summary = exercises.find((e) => e.key === chosen);
    const all = await api(`/api/lifts/${encodeURIComponent(chosen)}/progress`);
    const span = { first: all.sessions.length ? all.sessions[0].local_day : summary.last, last: summary.last };
    const { from, to } = windowOf(span, "9999-12-31", "all");
    const inside = (day) => day >= from && day <= to;
    const sessions = all.sessions.filter((s) => inside(s.local_day));
    const markers = all.markers.filter((m) => inside(m.day));
    const weeks = all.weeks.filter((w) => w.week_start >= mondayOf(from) && w.week_start <= to);

    const labels = sessions.map((s) => s.local_day);
    const e1rm = sessions.map((s) => s.e1rm_epley_kg);
    const at = (kind) => labels.map((day, i) => (markers.some((m) => m.kind === kind && m.day === day) ? e1rm[i] ?? sessions[i].top_weight_kg : null));
    const marker = (label, kind, color, style) => ({
      type: "line", label, data: at(kind), showLine: false, pointStyle: style, pointRadius: 8,
      borderColor: color, backgroundColor: color, isGuide: true,
    });
    draw("e1rm", {
      data: {
        labels,
        datasets: [
          line("e1RM (Epley)", e1rm, COLOR.blue, { pointRadius: 3 }),
          line("e1RM (Brzycki)", sessions.map((s) => s.e1rm_brzycki_kg), COLOR.teal, { borderDash: [4, 4], pointRadius: 0 }),
          line("Top load", sessions.map((s) => s.top_weight_kg), COLOR.grey, { borderWidth: 1, pointRadius: 2 }),
          marker("Load increase", "load_increase", COLOR.green, "triangle"),
          marker("Due for progression", "due", COLOR.blue, "rectRot"),
          marker("Plateau", "plateau", COLOR.amber, "rect"),
        ],
      },
      options: { scales: { x: dateAxis, y: { title: { display: true, text: "kg" } } } },
    });
    const named = { load_increase: "load increase", due: "due for progression", plateau: "plateau" };
    const latest = markers.slice(-MARKERS_LISTED).reverse();
    $("#markers").replaceChildren(...latest.map((m) => el(
      "li", { class: m.kind }, `${m.day}: ${named[m.kind]} (${m.note})`,
    )));
    if (markers.length > latest.length) {
      $("#markers").append(el("li", { class: "muted", text: `and ${markers.length - latest.length} earlier (on the chart)` }));
    }
    draw("volume", {
      data: {
        labels: weeks.map((w) => w.week_start),
        datasets: [{ type: "bar", label: "kg per week", data: weeks.map((w) => w.volume_kg), backgroundColor: COLOR.amber }],
      },
      options: { scales: { x: dateAxis, y: { title: { display: true, text: "kg" } } } },
    });
  }

  // --- sleep and wellness ----------------------------------------------------------------------

  async function sleep() {
    const [days, limits] = await Promise.all([api("/api/days"), api("/api/thresholds")]);
    const spans = [days.sleep, days.wellness].filter(Boolean);
    if (!spans.length) return nothing("No sleep or recovery readings imported yet.");
    const span = {
      first: spans.map((s) => s.first).sort()[0],
      last: spans.map((s) => s.last).sort().at(-1),
    };
    const { from, to } = windowOf(span, days.today, 90);
    const [nights, recovery] = await Promise.all([
      api("/api/sleep", { from, to }),
      api("/api/wellness", { from, to }),
    ]);
    const [short, long] = limits.sleep_target_h;
    $("#sleep-rule").textContent = `target ${short}-${long} h`;
    const stage = (label, key, color) => ({
      type: "bar", label, data: nights.map((n) => n[key]), backgroundColor: color, stack: "night",
    });
    const unstaged = nights.map((n) => (["deep_h", "light_h", "rem_h", "awake_h"].every((k) => n[k] === null) ? n.hours : null));
    draw("sleep", {
      data: {
        labels: nights.map((n) => n.day),
        datasets: [
          stage("Deep", "deep_h", "#1c3d91"), stage("Light", "light_h", "#5c7cfa"),
          stage("REM", "rem_h", "#9775fa"), stage("Awake", "awake_h", "#ffa8a8"),
          { type: "bar", label: "Asleep (no stages)", data: unstaged, backgroundColor: COLOR.grey, stack: "night" },
        ],
      },
      options: {
        scales: { x: { ...dateAxis, stacked: true }, y: { stacked: true, title: { display: true, text: "hours" } } },
        plugins: {
          annotation: {
            annotations: {
              short: { type: "line", yMin: short, yMax: short, borderColor: COLOR.amber, borderDash: [6, 4], borderWidth: 1 },
              long: { type: "line", yMin: long, yMax: long, borderColor: COLOR.green, borderDash: [6, 4], borderWidth: 1 },
            },
          },
        },
      },
    });
    const labels = recovery.map((r) => r.day);
    const againstBaseline = (name, label, key, baseline, color) => draw(name, {
      data: {
        labels,
        datasets: [
          line(label, recovery.map((r) => r[key]), color, { pointRadius: 3 }),
          line("Baseline (28 days)", recovery.map((r) => r[baseline]), COLOR.grey,
            { borderDash: [6, 4], isGuide: true }),
        ],
      },
      options: { scales: { x: dateAxis } },
    });
    againstBaseline("rhr", "Resting HR (bpm)", "resting_hr_bpm", "resting_hr_baseline_bpm", COLOR.red);
    againstBaseline("hrv", "RMSSD (ms)", "hrv_rmssd_ms", "hrv_baseline_rmssd_ms", COLOR.green);
  }

  // --- imports ---------------------------------------------------------------------------------

  async function imports() {
    const [files, groups] = await Promise.all([
      api("/api/imports", { limit: params.get("limit") || 50 }),
      api("/api/duplicates"),
    ]);
    const duplicateOf = new Map(); // file id -> its group, for files whose sessions are not the primary
    groups.forEach((group, index) => {
      const primary = group.members.find((m) => m.session === group.primary);
      for (const member of group.members) {
        if (member.session !== group.primary) {
          duplicateOf.set(member.session.split(":")[0], { index, file: primary.file });
        }
      }
    });
    const rows = files.map((f) => {
      const when = new Date(f.recorded_at).toLocaleString();
      if (f.type === "FileRejected") {
        return el(
          "tr", { class: "rejected" },
          el("td", { text: when }), el("td", { class: "file", text: f.filename }),
          el("td", { class: "result", text: "rejected" }),
          el("td", { class: "reason", text: `${f.stage}: ${f.reason}` }),
        );
      }
      const counts = Object.entries(f.event_counts).map(([k, v]) => `${v} ${k}`).join(", ");
      const duplicate = duplicateOf.get(f.aggregate_id);
      return el(
        "tr", { class: "imported" },
        el("td", { text: when }), el("td", { class: "file", text: f.source.filename }),
        el("td", { class: "result", text: f.salvaged ? "imported (salvaged)" : "imported" }),
        el(
          "td", {},
          `${f.format}${counts ? ` · ${counts}` : ""}`,
          duplicate ? " · " : null,
          duplicate ? el("a", { href: `#duplicate-${duplicate.index}`, class: "duplicate", text: `duplicate of ${duplicate.file}` }) : null,
        ),
      );
    });
    $("#imports tbody").replaceChildren(...rows);
    if (!rows.length) nothing("No files imported yet.");
    $("#duplicates").replaceChildren(...groups.map((group, index) => {
      const first = group.members[0];
      return el(
        "div", { id: `duplicate-${index}`, class: "group" },
        el("h3", { text: `${first.sport} on ${first.start_utc.slice(0, 16).replace("T", " ")} UTC` }),
        el("ul", {}, ...group.members.map((m) => el(
          "li", {},
          m.session === group.primary ? el("strong", { text: `${m.file} (primary)` }) : m.file,
          ` · ${round(m.elapsed_s / 60)} min · ${round((m.distance_m || 0) / 1000, 2)} km`,
        ))),
        el("ul", { class: "muted" }, ...group.links.map((l) => el("li", { text: `link ${l.id}: ${l.why}` }))),
      );
    }));
    if (!groups.length) $("#duplicates").append(el("p", { class: "muted", text: "None." }));
  }

  // --- plan ------------------------------------------------------------------------------------

  async function plan() {
    const today = (await api("/api/days")).today;
    const monday = mondayOf(params.get("week") || today);
    const week = await api("/api/plan", { week: monday }, { missingOk: true });
    $("#window").textContent = `week of ${monday}`;
    $("#previous").href = `?week=${addDays(monday, -7)}`;
    $("#next").href = `?week=${addDays(monday, 7)}`;
    const calendar = $("#calendar");
    if (!week) {
      calendar.replaceChildren(el("p", {
        class: "muted",
        text: "This week is not planned yet: the daemon plans each week on its schedule, `runlift plan` plans it now.",
      }));
      return;
    }
    $("#block").textContent = `${week.block} block`;
    const names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    calendar.replaceChildren(...names.map((name, i) => {
      const day = addDays(monday, i);
      const sessions = week.sessions.filter((s) => s.day === day);
      return el(
        "div", { class: `day${day === today ? " today" : ""}`, "data-day": day },
        el("h3", { text: `${name} ${day.slice(5)}` }),
        ...sessions.map((s) => el(
          "div", { class: `session ${s.kind} ${s.status}` },
          el("strong", { text: s.title }),
          s.minutes ? ` ${s.minutes} min` : "",
          el("div", { class: "muted", text: s.status }),
          s.exercises.length ? el("ul", {}, ...s.exercises.map((e) => el("li", {
            text: `${e.name} ${e.sets}x${e.hold_s ? `${e.hold_s} s` : e.reps}${e.load_kg ? ` @ ${e.load_kg} kg` : ""}`,
          }))) : null,
          ...s.notes.map((note) => el("div", { class: "muted", text: note })),
        )),
        sessions.length ? null : el("div", { class: "muted", text: "rest" }),
      );
    }));
    const list = $("#week-adjustments");
    list.replaceChildren(...week.adjustments.map((a) => el("li", { text: `${a.on_day} · ${a.rule} · ${a.session}: ${a.reason}` })));
    if (!week.adjustments.length) list.append(el("li", { class: "muted", text: "None: the week is as generated." }));
  }

  // --- start -----------------------------------------------------------------------------------

  const PAGES = { today, load, strength, sleep, imports, plan };
  const page = PAGES[document.body.dataset.page];
  if (page) {
    page()
      .then(() => { document.body.dataset.ready = "yes"; })
      .catch((error) => {
        const banner = $("#error");
        banner.textContent = `Could not draw this page: ${error.message}`;
        banner.hidden = false;
        document.body.dataset.ready = "error";
      });
  }
})();
