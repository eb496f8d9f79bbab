/* convmap live pages: Python (Pyodide) in the page, on demand, from this site only.
 *
 * window.convmapLive.engine() starts Pyodide once (its core is served by this
 * site under live/pyodide/), unpacks convmap's own package (live/convmap-*.zip,
 * zipped from the package at build time) and the page glue (live/live_*.py),
 * and resolves to the Pyodide object; live/engine.json (written by the build)
 * names the package. Nothing starts until the reader presses a start button
 * ([data-convmap="engine-start"]) or "Edit and run". Loaded on every page (it
 * does nothing where there is no start button and no runnable block). This script
 * computes nothing: every value shown comes from convmap running in Python.
 *
 * Runnable blocks: an element with data-convmap="runnable" around a
 * <pre><code> gets an "Edit and run" button (textarea, Run, output). With
 * data-needs="numpy" it stays static and says why.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var LIVE = new URL("../live/", script.src).href;     // the site's live/ folder
  var GLUE = ["live_common.py", "live_layer.py", "live_network.py", "live_run.py"];
  var started = null;                                  // the engine's promise, once
  var listeners = [];
  // The messages in the page's language (<html lang>: "zh..." -> Chinese, else English).
  var MESSAGES = {
    en: {
      failed: "Python could not start in this page: {error}. The rest of the page works " +
        "without it; the build-time pages show the same numbers.",
      step1: "Step 1 of 4: downloading Python's loader",
      step2: "Step 2 of 4: starting Python (runtime and standard library)",
      step3: "Step 3 of 4: installing convmap",
      step4: "Step 4 of 4: loading this page's code",
      ready: "Python is running in this page (started in {seconds} s). NumPy is not " +
        "available here: conv2d and the pools stay computed at build time.",
      numpy: "This block needs NumPy, which does not run in the page: it was run when the " +
        "site was built.",
      edit: "Edit and run",
      code: "Python code (runs in this page)",
      run: "Run",
      running: "Running..."
    },
    zh: {
      failed: "Python 无法在这个页面中启动：{error}。页面的其余部分不需要它也能使用；" +
        "构建时生成的页面给出同样的数字。",
      step1: "第 1 步（共 4 步）：下载 Python 的加载器",
      step2: "第 2 步（共 4 步）：启动 Python（运行时和标准库）",
      step3: "第 3 步（共 4 步）：安装 convmap",
      step4: "第 4 步（共 4 步）：加载这个页面的代码",
      ready: "Python 正在这个页面中运行（启动用了 {seconds} 秒）。这里没有 NumPy：" +
        "conv2d 和池化仍是在构建时计算的。",
      numpy: "这段代码需要 NumPy，而 NumPy 不能在页面中运行：它是在构建网站时运行的。",
      edit: "编辑并运行",
      code: "Python 代码（在这个页面中运行）",
      run: "运行",
      running: "正在运行……"
    }
  };
  function say(key, values) {
    var lang = (document.documentElement.lang || "en").toLowerCase().indexOf("zh") === 0 ? "zh" : "en";
    var text = MESSAGES[lang][key];
    Object.keys(values || {}).forEach(function (name) {
      text = text.replace("{" + name + "}", String(values[name]));
    });
    return text;
  }

  function status(state, text, fraction) {
    document.querySelectorAll(".live-run-status").forEach(function (el) {
      el.textContent = state === "ready" ? "" : text;
    });
    document.querySelectorAll('[data-convmap="engine"]').forEach(function (box) {
      box.setAttribute("data-engine-state", state);
      var bar = box.querySelector("progress");
      var words = box.querySelector(".live-engine-status");
      if (bar) {
        bar.hidden = state !== "loading";
        if (fraction !== undefined) bar.value = fraction;
      }
      if (words) words.textContent = text;
      box.querySelectorAll('[data-convmap="engine-start"]').forEach(function (b) {
        b.disabled = state === "loading" || state === "ready";
      });
    });
  }

  function fail(err) {
    var text = say("failed", { error: err && err.message ? err.message : err });
    status("failed", text);
    started = null; // the start button may try again
    throw err;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(el);
    });
  }

  function fetchOk(url, kind) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("could not download " + url + " (HTTP " + r.status + ")");
      return r[kind]();
    });
  }

  function preflight(files) {
    // Fail with a clear reason instead of waiting forever: WebAssembly must be allowed to
    // compile (a Content-Security-Policy may forbid it) and the engine file must be reachable.
    var empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]); // the smallest wasm module
    return WebAssembly.instantiate(empty)
      .catch(function (err) {
        throw new Error("this page may not run WebAssembly (" + err.message + ")");
      })
      .then(function () {
        return fetch(files + "pyodide/pyodide.asm.wasm", { method: "HEAD" }).catch(function () {
          return { ok: false, status: "blocked" };
        });
      })
      .then(function (r) {
        if (!r.ok && r.status !== 405 && r.status !== 501) { // a server without HEAD is fine
          throw new Error("the WebAssembly engine (pyodide.asm.wasm) could not be downloaded (" +
            r.status + ")");
        }
      });
  }

  function engine() {
    if (started) return started;
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      started = Promise.reject(new Error("this browser has no WebAssembly"));
      started.catch(fail).catch(function () {});
      return started;
    }
    var t0 = performance.now();
    var manifest = null;
    var files = LIVE;
    status("loading", say("step1"), 0.05);
    started = fetchOk(LIVE + "engine.json", "json")
      .then(function (m) {
        manifest = m;
        // where the engine files are: this folder, or the main site's (a language edition)
        files = new URL(m.base || "./", LIVE + "engine.json").href;
        return preflight(files);
      })
      .then(function () {
        return loadScript(files + "pyodide/pyodide.js");
      })
      .then(function () {
        status("loading", say("step2"), 0.2);
        return window.loadPyodide({ indexURL: files + "pyodide/" });
      })
      .then(function (py) {
        status("loading", say("step3"), 0.8);
        return fetchOk(files + manifest.package, "arrayBuffer").then(function (buf) {
          var site = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
          py.unpackArchive(buf, "zip", { extractDir: site });
          return py;
        });
      })
      .then(function (py) {
        status("loading", say("step4"), 0.9);
        py.FS.mkdirTree("/home/pyodide/live");
        return Promise.all(GLUE.map(function (name) {
          return fetchOk(LIVE + name, "text").then(function (text) {
            py.FS.writeFile("/home/pyodide/live/" + name, text);
          });
        })).then(function () {
          py.runPython("import sys; sys.path.insert(0, '/home/pyodide/live'); import convmap");
          var seconds = ((performance.now() - t0) / 1000).toFixed(1);
          window.convmapLive.loadSeconds = (performance.now() - t0) / 1000;
          status("ready", say("ready", { seconds: seconds }), 1);
          listeners.forEach(function (fn) { fn(py); });
          return py;
        });
      })
      .catch(fail);
    return started;
  }

  function whenReady(fn) {
    listeners.push(fn);
  }

  // ------------------------------------------------------------ runnable blocks

  function runnable(box) {
    if (box.getAttribute("data-live-ready") === "true") return;
    box.setAttribute("data-live-ready", "true");
    var code = box.querySelector("pre code");
    if (!code) return;
    var note = document.createElement("p");
    note.className = "live-run-note";
    if (box.getAttribute("data-needs") === "numpy") {
      note.textContent = say("numpy");
      box.appendChild(note);
      return;
    }
    var n = document.querySelectorAll('[data-live-ready="true"]').length;
    var open = document.createElement("button");
    open.type = "button";
    open.className = "md-button live-button";
    open.setAttribute("data-convmap", "edit");
    open.textContent = say("edit");
    var panel = document.createElement("div");
    panel.className = "live-run";
    panel.hidden = true;
    var label = document.createElement("label");
    label.textContent = say("code");
    label.setAttribute("for", "live-code-" + n);
    var area = document.createElement("textarea");
    area.id = "live-code-" + n;
    area.setAttribute("data-convmap", "code");
    area.spellcheck = false;
    area.value = code.textContent.replace(/\n$/, "");
    area.rows = Math.min(20, area.value.split("\n").length + 1);
    var run = document.createElement("button");
    run.type = "button";
    run.className = "md-button md-button--primary live-button";
    run.setAttribute("data-convmap", "run");
    run.textContent = say("run");
    var out = document.createElement("pre");
    out.setAttribute("data-convmap", "output");
    out.setAttribute("aria-live", "polite");
    out.setAttribute("tabindex", "0");
    out.className = "live-output";
    var state = document.createElement("p");
    state.className = "live-run-status";
    state.setAttribute("role", "status");
    panel.append(label, area, run, state, out);
    box.append(open, panel);
    open.addEventListener("click", function () {
      panel.hidden = false;
      open.hidden = true;
      area.focus();
      engine().catch(function () {});
    });
    run.addEventListener("click", function () {
      out.textContent = say("running");
      box.setAttribute("data-state", "running");
      engine().then(function (py) {
        var runner = py.pyimport("live_run");
        var result = JSON.parse(runner.run(area.value));
        out.textContent = result.output;
        box.setAttribute("data-state", result.ok ? "ok" : "error");
      }).catch(function (err) {
        out.textContent = String(err && err.message ? err.message : err);
        box.setAttribute("data-state", "error");
      });
    });
  }

  function startWhenSeen() {
    // A link that carries a setting (?input=... or ?stack=...) asks for the live result:
    // start as soon as the tool is on screen, as if its start button had been pressed.
    var tool = document.querySelector('[data-convmap="live-layer"], [data-convmap="live-network"]');
    var q = new URLSearchParams(window.location.search);
    if (!tool || !(q.has("input") || q.has("stack"))) return;
    if (!("IntersectionObserver" in window)) {
      engine().catch(function () {});
      return;
    }
    var seen = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      seen.disconnect();
      engine().catch(function () {});
    });
    seen.observe(tool);
  }

  function boot() {
    document.querySelectorAll('[data-convmap="engine-start"]').forEach(function (b) {
      if (b.getAttribute("data-live-ready") === "true") return;
      b.setAttribute("data-live-ready", "true");
      b.addEventListener("click", function () { engine().catch(function () {}); });
    });
    document.querySelectorAll('[data-convmap="runnable"]').forEach(runnable);
    startWhenSeen();
  }

  window.convmapLive = {
    engine: engine,
    whenReady: whenReady,
    started: function () { return started !== null; },
    base: LIVE
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
