// The exported page's search and facets (render/html.py inlines this file).
// Searching follows search.py exactly: the same folding, the same query words and "phrases",
// the same glossary widening, a word matched at the start of a word and Japanese anywhere.
// The tables that folding needs (which characters vanish, which are spaces, Python's
// casefold where it differs from lower-casing) come from Python with the data, so they
// are declared once, in search.py. tests/test_html_export.py runs this file under node and
// in Chromium against Python's fold on the same inputs.
"use strict";

function Searching(tables) {
  const ASCII = /^[\x00-\x7f]*$/;
  const charClass = (chars) =>
    "[" + Array.from(chars, (c) => "\\u{" + c.codePointAt(0).toString(16) + "}").join("") + "]";
  const DROP = new RegExp(charClass(tables.drop), "gu");
  const SPACE = new RegExp(charClass(tables.space), "gu");
  const WS = new RegExp(charClass(tables.ws) + "+", "u");
  const COMBINING = new RegExp(tables.combining, "gu");
  const CASEFOLD = tables.casefold;
  const CASEFOLD_RE = new RegExp(charClass(Object.keys(CASEFOLD).join("")), "gu");
  const QUOTES = tables.quotes;
  const NOT_WS = "[^" + charClass(tables.ws).slice(1, -1) + "]";
  const QUOTED = new RegExp(charClass(QUOTES) + "(.*?)" + charClass(QUOTES) + "|(" + NOT_WS + "+)", "gu");
  const STRIP = new RegExp("^" + WS.source + "|" + WS.source + "$", "gu");

  // search.fold: case, accents, width and punctuation folded; runs of spaces made one
  function fold(text) {
    let f;
    if (ASCII.test(text)) {
      f = text.toLowerCase();
    } else {
      f = text.normalize("NFKC").toLowerCase().replace(CASEFOLD_RE, (c) => CASEFOLD[c]);
      f = f.normalize("NFKD").replace(COMBINING, "");
      if (!ASCII.test(f)) f = f.normalize("NFC");
    }
    f = f.replace(DROP, "").replace(SPACE, " ");
    return f.split(WS).filter((w) => w !== "").join(" ");
  }

  function isCjk(ch) {
    const code = ch.codePointAt(0);
    return (
      (code >= 0x3040 && code <= 0x30ff) ||
      (code >= 0x3400 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0xac00 && code <= 0xd7af) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0x20000 && code <= 0x2fa1f)
    );
  }

  // search.parse_query: words and "quoted phrases"; null when there is nothing to search for
  function parse(text) {
    const terms = [];
    for (const m of text.replace(STRIP, "").matchAll(QUOTED)) {
      const term = (m[1] !== undefined ? m[1] : m[2]).replace(STRIP, "");
      if (term && fold(term)) terms.push(term);
    }
    return terms;
  }

  // search.expand: a term that names a glossary entry also finds the entry's other names
  function expand(terms, glossary) {
    const names = new Map();
    for (const entry of glossary) for (const name of entry) if (!names.has(fold(name))) names.set(fold(name), entry);
    return terms.map((term) => {
      const key = fold(term);
      return [term, ...(names.get(key) || []).filter((n) => fold(n) !== key)];
    });
  }

  const ALNUM = /[\p{L}\p{N}]/u;

  // search.Matcher over many records at once: their folded texts in one string, each needle
  // found with indexOf (native speed) and kept where it starts a word (Japanese anywhere).
  // Returns find(alternatives): per record, 1 where every term matches one of its names.
  function index(hays) {
    const all = hays.join("\u0000");
    const starts = new Int32Array(hays.length + 1);
    for (let i = 0, at = 0; i < hays.length; i++) {
      starts[i] = at;
      at += hays[i].length + 1;
    }
    starts[hays.length] = all.length + 1;
    const recordAt = (pos) => {
      let lo = 0, hi = hays.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= pos) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const wordStart = (pos) => {
      if (pos === 0) return true;
      let before = all[pos - 1];
      const code = before.charCodeAt(0);
      if (code < 0x80) return !((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a));
      if (code >= 0xdc00 && code <= 0xdfff && pos >= 2) before = all.slice(pos - 2, pos);
      return !ALNUM.test(before);
    };
    return function find(alternatives) {
      let result = null;
      for (const names of alternatives) {
        const hit = new Uint8Array(hays.length);
        for (const name of names) {
          const needle = fold(name);
          if (!needle) {
            hit.fill(1);
            break;
          }
          const word = !isCjk(needle);
          let i = all.indexOf(needle);
          while (i !== -1) {
            const r = recordAt(i);
            if (!word || wordStart(i)) {
              hit[r] = 1;
              i = all.indexOf(needle, starts[r + 1]);
            } else {
              i = all.indexOf(needle, i + 1);
            }
          }
        }
        if (result === null) result = hit;
        else for (let k = 0; k < hit.length; k++) result[k] &= hit[k];
      }
      return result || new Uint8Array(hays.length).fill(1);
    };
  }

  // one text at a time, by the same code (the tests compare it with search.Matcher)
  const matcher = (alternatives) => (hay) => index([hay])(alternatives)[0] === 1;

  return { fold, parse, expand, index, matcher };
}

if (typeof module !== "undefined") module.exports = { Searching };

if (typeof document !== "undefined") {
  (function () {
    const data = JSON.parse(document.getElementById("timeline-data").textContent);
    const search = Searching(data.tables);
    const box = document.getElementById("q");
    const count = document.getElementById("count");
    const problem = document.getElementById("problem");
    const facets = Array.from(document.querySelectorAll("select[data-facet]"));
    const stock = document.getElementById("stock");
    const everywhere = (selector) => [
      ...document.querySelectorAll(selector),
      ...(stock ? stock.content.querySelectorAll(selector) : []),
    ];
    const records = data.records; // [section, folded texts, year, kind, tags, people]
    const total = records.length;
    const elements = [];
    const byId = new Map();
    for (const el of everywhere("[data-r]")) {
      elements[Number(el.dataset.r)] = el;
      byId.set(el.id, Number(el.dataset.r));
    }
    const disputeRows = everywhere("[data-of]").map((el) => [Number(el.dataset.of), el]);
    // every list (a section's records, the disputes) shows data.page items at a time
    const lists = new Map();
    for (const el of document.querySelectorAll("[data-list]")) {
      const section = el.closest("section");
      const list = { el, section, limit: data.page, items: [], shown: null };
      lists.set(el.dataset.list, list);
      section.querySelector(".show-more").addEventListener("click", () => {
        list.limit += data.page;
        render(list);
      });
    }
    const find = search.index(records.map((r) => r[1].join("\n")));
    const pinned = new Set(); // records a link asked for, shown whatever the search

    // the facets chosen, read from the page once a search: [which, value]
    const chosen = () => facets.filter((s) => s.value).map((s) => [s.dataset.facet, s.value]);

    function facetTest(record, wants) {
      for (const [which, want] of wants) {
        if (which === "year" && String(record[2]) !== want) return false;
        if (which === "kind" && record[3] !== want) return false;
        if (which === "tag" && !record[4].includes(want)) return false;
        if (which === "person" && !record[5].includes(want)) return false;
      }
      return true;
    }

    function render(list) {
      const chosen = list.items.slice(0, list.limit);
      for (const i of pinned) {
        const el = elements[i];
        if (records[i][0] === list.el.dataset.list && !chosen.includes(el)) chosen.push(el);
      }
      const same = list.shown && list.shown.length === chosen.length && chosen.every((el, k) => el === list.shown[k]);
      if (!same) list.el.replaceChildren(...chosen);
      list.shown = chosen;
      const n = list.items.length;
      list.section.querySelector(".shown").textContent = String(n);
      list.section.classList.toggle("none", n === 0);
      const more = list.section.querySelector(".more");
      more.hidden = n <= list.limit;
      if (n > list.limit) {
        more.querySelector(".left").textContent = "Showing the first " + list.limit + " of " + n + ".";
        more.querySelector(".show-more").textContent = "Show " + Math.min(data.page, n - list.limit) + " more";
      }
    }

    function update() {
      const text = box.value;
      const terms = search.parse(text);
      problem.textContent =
        text.trim() && !terms.length ? "The search “" + text.trim() + "” has no letters or digits to look for." : "";
      const found = terms.length ? find(search.expand(terms, data.glossary)) : null;
      for (const list of lists.values()) {
        list.items = [];
        list.limit = data.page;
      }
      const on = new Uint8Array(total);
      const wants = chosen();
      let n = 0;
      for (let i = 0; i < total; i++) {
        if ((found === null || found[i] === 1) && (wants.length === 0 || facetTest(records[i], wants))) {
          on[i] = 1;
          n++;
          lists.get(records[i][0]).items.push(elements[i]);
        }
      }
      const disputes = lists.get("disputes");
      if (disputes) for (const [i, el] of disputeRows) if (on[i]) disputes.items.push(el);
      for (const list of lists.values()) render(list);
      count.textContent = n + " of " + total + " records";
    }

    function remember() {
      try {
        const url = new URL(window.location.href);
        if (box.value.trim()) url.searchParams.set("q", box.value);
        else url.searchParams.delete("q");
        window.history.replaceState(null, "", url.href);
      } catch (e) {
        // a page opened from disk may not rewrite its own address: the search still works
      }
    }

    function changed() {
      pinned.clear();
      update();
      remember();
    }

    function follow() {
      const i = byId.get(decodeURIComponent(window.location.hash.slice(1)));
      if (i === undefined || elements[i].isConnected) return;
      pinned.add(i); // a link to a record the search or the list's length left out: show it
      render(lists.get(records[i][0]));
      elements[i].scrollIntoView();
    }

    let pending = 0;
    box.addEventListener("input", () => {
      if (!pending) pending = window.requestAnimationFrame(() => { pending = 0; changed(); });
    });
    for (const select of facets) select.addEventListener("change", changed);
    document.getElementById("clear").addEventListener("click", () => {
      box.value = "";
      for (const select of facets) select.value = "";
      changed();
      box.focus();
    });
    document.addEventListener("keydown", (event) => {
      const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
      if (event.key === "/" && !typing) {
        event.preventDefault();
        box.focus();
      } else if (event.key === "Escape" && document.activeElement === box && box.value) {
        box.value = "";
        changed();
      }
    });
    window.addEventListener("hashchange", follow);
    const asked = new URLSearchParams(window.location.search).get("q");
    if (asked) box.value = asked;
    update();
    follow();
    window.timelineSearch = (text) => {
      box.value = text;
      changed();
      return count.textContent;
    };
  })();
}
