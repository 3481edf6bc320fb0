/* runlift dashboard: each page reads /api/ and draws it with the bundled Chart.js.
 * Data never goes through innerHTML (file names and reasons are text). When a page has drawn everything,
 * <body data-ready="yes"> is set (data-ready="error" after a failure); each canvas says how many data
 * points it drew in data-points. The browser tests wait on both. */
"use strict";

(() => {
  const params = new URLSearchParams(location.search);
  // The path the dashboard is served under: "" alone, "/athletes/NAME" on a club's server.
  const BASE = document.body.dataset.base || "";
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
    const url = new URL(BASE + path, location.origin);
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

  /** POST (or DELETE) to the API; the parsed answer, or an Error carrying the API's own words. */
  async function send(method, path, body) {
    const init = { method, credentials: "same-origin", headers: {} };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(new URL(BASE + path, location.origin), init);
    let answer = null;
    try {
      answer = await response.json();
    } catch (_) { /* not JSON */ }
    if (!response.ok && !(answer && answer.outcome)) {
      throw new Error(explain(answer, response));
    }
    return { status: response.status, answer };
  }

  /** The API's error in words: FastAPI's validation list names each field. */
  function explain(answer, response) {
    const detail = answer && answer.detail;
    if (Array.isArray(detail)) {
      return detail.map((d) => `${d.loc.filter((x) => x !== "body").join(".") || "request"}: ${d.msg}`).join("; ");
    }
    return detail ? String(detail) : `${response.status} ${response.statusText}`;
  }

  /** Show a form's outcome in its status line (role=status: read out by screen readers). */
  function say(node, text, ok) {
    node.textContent = text;
    node.className = `form-status ${ok ? "ok" : "error"}`;
  }

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
    todayForms(day);
    await Promise.all([injuries(), doneSessions(day)]);
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


  // --- today's forms: check-in, session RPE, injury (no page reload; large targets for a thumb) ----

  function todayForms(day) {
    const checkin = $("#checkin");
    if (!checkin || checkin.dataset.wired) return;
    checkin.dataset.wired = "yes";
    checkin.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = checkin.querySelector(".form-status");
      const body = {};
      for (const [key, value] of new FormData(checkin)) {
        if (value === "") continue;
        body[key] = ["mood", "energy", "soreness", "joint_pain"].includes(key) ? Number(value) : value;
      }
      if (params.get("as_of")) body.day = day;
      try {
        const { answer } = await send("POST", "/api/checkins", body);
        const r = answer.readiness;
        say(status, `Saved for ${answer.day}${r ? `: readiness ${Math.round(r.score)} (${r.band})` : ""}.`, true);
        checkin.reset();
        await today();
      } catch (error) {
        say(status, error.message, false);
      }
    });
    const injury = $("#injury");
    injury.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = injury.querySelector(".form-status");
      const form = new FormData(injury);
      const part = [form.get("side"), form.get("part")].filter(Boolean).join(" ");
      try {
        await send("POST", "/api/injuries", { part });
        say(status, `${part} flagged: the plan goes into injury mode for it.`, true);
        await injuries();
      } catch (error) {
        say(status, error.message, false);
      }
    });
  }

  async function injuries() {
    const state = await api("/api/injuries");
    const select = $("#injury select[name=part]");
    if (!select.options.length) {
      select.append(...state.known.map((part) => el("option", { value: part, text: part })));
    }
    const list = $("#injuries");
    const flagged = Object.entries(state.flagged);
    list.replaceChildren(...flagged.map(([part, since]) => {
      const clear = el("button", { type: "button", class: "clear", "data-part": part, text: "Clear" });
      clear.addEventListener("click", async () => {
        const status = $("#injury .form-status");
        try {
          await send("DELETE", `/api/injuries/${encodeURIComponent(part)}`);
          say(status, `${part} cleared.`, true);
          await injuries();
        } catch (error) {
          say(status, error.message, false);
        }
      });
      return el("li", { class: "injury", "data-part": part }, el("strong", { text: part }), ` since ${since} `, clear);
    }));
    if (!flagged.length) list.append(el("li", { class: "muted", text: "Nothing flagged." }));
  }

  async function doneSessions(day) {
    const sessions = await api("/api/sessions", { from: addDays(day, -2), to: day });
    const list = $("#done-sessions");
    list.replaceChildren(...sessions.reverse().map((s) => {
      const choice = el("select", { "aria-label": `RPE of ${s.title || s.sport} on ${s.local_day}`, class: "rpe" },
        el("option", { value: "", text: "RPE…" }),
        ...[...Array(11).keys()].map((n) => el("option", { value: String(n), text: String(n) })));
      if (s.rpe !== null) choice.value = String(Math.round(s.rpe));
      choice.addEventListener("change", async () => {
        if (choice.value === "") return;
        try {
          const { answer } = await send("POST", `/api/sessions/${encodeURIComponent(s.session)}/rpe`, { rpe: Number(choice.value) });
          say($("#rpe-status"), `${answer.title || answer.sport} on ${answer.local_day}: RPE ${answer.rpe} saved.`, true);
        } catch (error) {
          say($("#rpe-status"), error.message, false);
        }
      });
      return el("li", { class: "done-session", "data-session": s.session },
        el("strong", { text: s.title || s.sport }), ` · ${s.local_day} · ${round(s.minutes, 0)} min `, choice);
    }));
    if (!sessions.length) list.append(el("li", { class: "muted", text: "No sessions in the last three days." }));
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
    await Promise.all([muscles(), lifts()]);
  }

  // Fatigue's colour scale, light to red: [fatigue %, [r, g, b]]. Its 0 % is the body's own colour (CSS
  // --body), so an unfatigued group does not stand out; every step darkens (green and blue fall), so a
  // darker group is always the more fatigued one.
  const FATIGUE_STEPS = [[25, [255, 201, 201]], [50, [255, 135, 135]], [75, [240, 62, 62]], [100, [166, 30, 30]]];
  const FATIGUED_LISTED = 8;
  // The catalogue's vocabulary (coaching/exercises.py MUSCLES) in the order the hard-sets chart lists it:
  // a runner's legs first. A group the API names that is not here goes last.
  const MUSCLE_ORDER = [
    "quadriceps", "hamstrings", "glutes", "calves", "adductors", "abductors", "hip_flexors",
    "lower_back", "abdominals", "obliques", "chest", "upper_back", "lats", "traps",
    "front_delts", "side_delts", "rear_delts", "biceps", "triceps", "forearms", "neck",
  ];
  const muscleName = (key) => key.replace(/_/g, " ");

  function fatigueScale() {
    const hex = getComputedStyle(document.documentElement).getPropertyValue("--body").trim() || "#e9ecef";
    const base = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return [[0, base], ...FATIGUE_STEPS];
  }

  function fatigueColor(scale, pct) {
    const x = Math.min(100, Math.max(0, Number(pct) || 0));
    const upper = scale.findIndex(([at]) => at >= x);
    const [hi, top] = scale[upper];
    const [lo, bottom] = scale[Math.max(0, upper - 1)];
    const t = hi === lo ? 1 : (x - lo) / (hi - lo);
    return `rgb(${bottom.map((c, k) => Math.round(c + (top[k] - c) * t)).join(", ")})`;
  }

  /** The body map on one day (?as_of=, else today) and the hard sets of that week and the one before. */
  async function muscles() {
    const [days, limits] = await Promise.all([api("/api/days"), api("/api/thresholds")]);
    const day = params.get("as_of") || days.today;
    const monday = mondayOf(day);
    const before = addDays(monday, -7);
    const [rows, weeks] = await Promise.all([
      api("/api/muscles", { as_of: day }),
      api("/api/muscles/weeks", { from: before, to: day }),
    ]);
    const heading = $("#muscles-day");
    heading.replaceChildren(`on ${day}`);
    const last = days.training && days.training.last;
    if (!params.get("as_of") && last && last < addDays(day, -6)) {
      const query = new URLSearchParams(params);
      query.set("as_of", last);
      heading.append(" · nothing trained in the last 7 days: ",
        el("a", { href: `?${query}`, text: `the map on ${last}, the last day with training` }));
    }
    bodyMap(rows, limits);
    hardSets(weeks, [before, monday], day, limits);
  }

  function bodyMap(rows, limits) {
    const scale = fatigueScale();
    const byMuscle = new Map(rows.map((r) => [r.muscle, r]));
    const shapes = [...document.querySelectorAll("#bodymap [data-muscle]")];
    for (const shape of shapes) {
      const row = byMuscle.get(shape.dataset.muscle);
      const pct = row ? row.fatigue_pct : 0;
      shape.dataset.fatigue = String(pct);
      shape.style.fill = fatigueColor(scale, pct);
      shape.querySelector("title").textContent = row
        ? `${muscleName(row.muscle)}: ${round(pct, 0)} % fatigued${row.cause ? ` (mostly ${row.cause})` : ""}, `
          + `${round(row.hard_sets_7d)} hard sets in ${row.window_days} days`
        : `${muscleName(shape.dataset.muscle)}: not fatigued`;
    }
    $("#fatigue-scale").style.background = `linear-gradient(to right, ${scale.map(([at, rgb]) => `rgb(${rgb.join(", ")}) ${at}%`).join(", ")})`;
    const legs = limits.legs_threshold_pct;
    const mark = el("span", { class: "legs-mark", title: `legs threshold ${legs} %` });
    mark.style.left = `${legs}%`;
    $("#fatigue-scale").replaceChildren(mark);
    const formula = rows.length ? rows[0].formula : "";
    $("#muscles-rule").textContent = `${formula ? `Fatigue % = ${formula}. ` : ""}`
      + `Quadriceps, hamstrings or glutes at ${legs} % or more (the mark on the scale) turn a planned quality run easy.`;

    const fatigued = rows.filter((r) => r.fatigue_pct > 0)
      .sort((a, b) => b.fatigue_pct - a.fatigue_pct).slice(0, FATIGUED_LISTED);
    const highlight = (muscle, on) => {
      for (const shape of shapes) if (shape.dataset.muscle === muscle) shape.classList.toggle("highlight", on);
    };
    $("#fatigued tbody").replaceChildren(...fatigued.map((r) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = fatigueColor(scale, r.fatigue_pct);
      const row = el(
        "tr", { "data-muscle": r.muscle },
        el("td", {}, swatch, muscleName(r.muscle)),
        el("td", { class: "fatigue", text: `${round(r.fatigue_pct, 0)} %` }),
        el("td", { text: round(r.hard_sets_7d) }),
        el("td", { text: `${round(r.volume_kg_7d, 0)} kg` }),
        el("td", { class: "cause", text: r.cause || "" }),
      );
      row.addEventListener("mouseenter", () => highlight(r.muscle, true));
      row.addEventListener("mouseleave", () => highlight(r.muscle, false));
      return row;
    }));
    if (!fatigued.length) {
      $("#fatigued tbody").append(el("tr", {}, el("td", { colspan: "5", class: "muted", text: "No muscle group is fatigued." })));
    }
  }

  function hardSets(weeks, starts, day, limits) {
    const [low, high] = limits.weekly_hard_sets;
    $("#hard-sets-rule").textContent = `target ${low}-${high} a week (the band); a primary muscle counts a hard set as 1, a secondary as ½`;
    const shown = weeks.filter((w) => starts.includes(w.week_start));
    const named = new Set(shown.map((w) => w.muscle));
    const muscles = [
      ...MUSCLE_ORDER.filter((m) => named.has(m)),
      ...[...named].filter((m) => !MUSCLE_ORDER.includes(m)).sort(),
    ];
    const sets = new Map(shown.map((w) => [`${w.week_start} ${w.muscle}`, w.hard_sets]));
    const week = (start, label, color) => ({
      type: "bar", label, backgroundColor: color,
      data: muscles.map((m) => sets.get(`${start} ${m}`) ?? null),
    });
    $("#hard-sets-chart").style.height = `${Math.max(160, 70 + muscles.length * 30)}px`;
    draw("hardsets", {
      data: {
        labels: muscles.map(muscleName),
        datasets: [
          week(starts[0], `week of ${starts[0]}`, COLOR.blue),
          week(starts[1], `this week, ${starts[1]} to ${day}`, "#74c0fc"),
        ],
      },
      options: {
        indexAxis: "y",
        scales: {
          x: { suggestedMax: high + 2, title: { display: true, text: "hard sets" } },
          y: { ticks: { autoSkip: false } },
        },
        plugins: {
          annotation: {
            annotations: {
              target: { type: "box", xMin: low, xMax: high, backgroundColor: "rgba(47,158,68,0.12)", borderWidth: 0 },
            },
          },
        },
      },
    });
    const drawn = new Set(
      [...document.querySelectorAll("#bodymap [data-muscle]")].map((shape) => shape.dataset.muscle),
    );
    const worked = new Set(shown.filter((w) => w.hard_sets > 0).map((w) => w.muscle));
    const none = MUSCLE_ORDER.filter((m) => drawn.has(m) && !worked.has(m));
    $("#hard-sets-none").textContent = none.length
      ? `No hard sets in these two weeks: ${none.map(muscleName).join(", ")}.`
      : "";
  }

  /** The chosen lift's e1RM, its markers and weekly volume. */
  async function lifts() {
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
    // A reading and the 28-day baseline readiness compared it with: [label, key, baseline label, key, colour].
    const againstBaseline = (name, series) => draw(name, {
      data: {
        labels,
        datasets: series.flatMap(([label, key, baselineLabel, baseline, color, baselineColor]) => [
          line(label, recovery.map((r) => r[key]), color, { pointRadius: 3 }),
          line(baselineLabel, recovery.map((r) => r[baseline]), baselineColor,
            { borderDash: [6, 4], isGuide: true }),
        ]),
      },
      options: { scales: { x: dateAxis } },
    });
    againstBaseline("rhr", [
      ["Resting HR (bpm)", "resting_hr_bpm", "Baseline (28 days)", "resting_hr_baseline_bpm", COLOR.red, COLOR.grey],
    ]);
    // HRV in two metrics that are never mixed: RMSSD (watches, Health Connect) and SDNN (Apple Health),
    // each its own line against its own baseline. Only the metrics with readings in the window are drawn
    // (RMSSD when neither has any), so an iPhone's chart shows SDNN and an Android's is as it was.
    const hrv = [
      ["RMSSD (ms)", "hrv_rmssd_ms", "Baseline (28 days)", "hrv_baseline_rmssd_ms", COLOR.green, COLOR.grey],
      ["SDNN (ms)", "hrv_sdnn_ms", "SDNN baseline (28 days)", "hrv_baseline_sdnn_ms", COLOR.teal, COLOR.teal],
    ];
    const measured = hrv.filter(([, key]) => recovery.some((r) => r[key] !== null && r[key] !== undefined));
    const shown = measured.length ? measured : hrv.slice(0, 1);
    $("#hrv-metrics").textContent = shown.map(([label]) => label.split(" ")[0]).join(" and ");
    againstBaseline("hrv", shown);
  }

  // --- imports ---------------------------------------------------------------------------------

  function uploadForm() {
    const form = $("#upload");
    if (form.dataset.wired) return;
    form.dataset.wired = "yes";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.querySelector(".form-status");
      const file = form.querySelector("input[type=file]").files[0];
      if (!file) return;
      say(status, `Importing ${file.name}…`, true);
      try {
        const { answer } = await send("POST", `/api/files?name=${encodeURIComponent(file.name)}`, new FormData(form));
        if (answer.outcome === "rejected") say(status, `${file.name} rejected: ${answer.reason}`, false);
        else {
          const counts = Object.entries(answer.events).map(([k, v]) => `${v} ${k}`).join(", ");
          say(status, `${file.name}: ${answer.outcome}${counts ? ` (${counts})` : ""}.`, true);
        }
        form.reset();
        await imports();
      } catch (error) {
        say(status, error.message, false);
      }
    });
  }

  async function imports() {
    uploadForm();
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
