/* The page's side of the site's search (search-worker.js answers Material's search box from
   Pagefind's index). Loaded before Material's bundle, which starts the worker: the worker is
   noted as it starts, so that this script can talk to it.
   - The filters above the results (partials/search.html) are filled with the site's values
     (search/facets.json) as the search opens; choosing one searches again, within it (a filter
     alone lists what it holds).
   - Material counts the results it was sent (the first ten); the count shown is the whole one, and
     scrolling to the end of the results fetches and shows the next ones (the worker sends each
     result's text only as it is shown: Pagefind fetches it on its own).
   - In the search dialog, Tab moves on to the filters (Material would close the dialog), and the
     filters keep their arrow keys (Material would move through the results). */
"use strict";

(() => {
  const Native = window.Worker;
  let worker = null;
  let more = { total: 0, shown: 0, asked: false };

  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      if (String(url).includes("search-worker.js")) {
        worker = this;
        this.addEventListener("message", event => heard(event.data || {}));
      }
    }
  };

  const filters = () => document.querySelector(".cs-search__filters");
  /* Material's settings of the page: its root (base) and its words (translations). */
  const settings = () => JSON.parse(document.getElementById("__config").textContent);
  const siteRoot = () => new URL(settings().base, location);

  function heard({ type, data }) {
    if (type === "consortia:total")
      count(data);
    else if (type === "consortia:more")
      append(data);
  }

  /* Further results, in Material's markup for a result (templates/search in its sources). */
  function append({ items, total, shown }) {
    const list = document.querySelector(".md-search-result__list");
    for (const [page] of items) {
      const url = new URL(page.location, siteRoot());
      url.searchParams.set("h", Object.keys(page.terms).join(" "));
      const item = document.createElement("li");
      item.className = "md-search-result__item";
      // The worker escaped the title; the excerpt is Pagefind's HTML.
      item.innerHTML = `<a class="md-search-result__link" tabindex="-1"><article class="md-search-result__article md-typeset" data-md-score="${page.score.toFixed(2)}"><div class="md-search-result__icon md-icon"></div><h1>${page.title}</h1>${page.text}</article></a>`;
      item.querySelector("a").href = url;
      list.append(item);
    }
    more = { total, shown, asked: false };
  }

  /* The filters' values (search/facets.json, in the order to show them), fetched as the search opens. */
  async function offer() {
    const box = filters();
    if (!box || box.dataset.offered)
      return;
    box.dataset.offered = "1";
    const response = await fetch(new URL("search/facets.json", siteRoot()));
    const facets = response.ok ? await response.json() : {};
    for (const select of box.querySelectorAll("select")) {
      const values = facets[select.dataset.facet] || [];
      for (const value of values)
        select.add(new Option(value, value));
      select.closest("label").hidden = values.length === 0;
    }
    box.hidden = !box.querySelector("label:not([hidden])");
  }

  function values(box) {
    return [...box.querySelectorAll("select")].filter(select => select.value);
  }

  function choose() {
    const chosen = Object.fromEntries(values(filters()).map(select => [select.dataset.facet, select.value]));
    if (worker)
      worker.postMessage({ type: "consortia:filters", data: chosen });
  }

  /* Material's own words for the count, from the page's __config (search.result.other: "# matching documents"). */
  function count({ total, shown }) {
    more = { total, shown, asked: false };
    const meta = document.querySelector(".md-search-result__meta");
    if (meta && total > shown)
      meta.textContent = settings().translations["search.result.other"].replace("#", total);
  }

  function scrolled(event) {
    const wrap = event.target; // the results' scrolling box, whichever it is at this width
    const allShown = document.querySelectorAll(".md-search-result__item").length >= more.shown; // Material may show what it was sent in parts
    if (worker && !more.asked && allShown && more.shown < more.total && wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 200) {
      more.asked = true;
      worker.postMessage({ type: "consortia:more" });
    }
  }

  function keys(event) {
    const box = filters();
    if (!box || box.hidden || event.key === "Escape")
      return;
    const inFilters = box.contains(event.target);
    const onwards = event.target.matches(".md-search__input") && event.key === "Tab" && !event.shiftKey;
    if (inFilters || onwards)
      event.stopPropagation(); // before Material's handler on window; the browser does the rest
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = filters();
    if (!box)
      return;
    box.addEventListener("change", choose);
    // The worker loads Pagefind (and the filters' values) when the search is first opened.
    const toggle = document.getElementById("__search");
    const open = () => {
      if (worker)
        worker.postMessage({ type: "consortia:open" });
      offer();
    };
    toggle.addEventListener("change", () => toggle.checked && open());
    document.querySelector(".md-search__input").addEventListener("focus", open);
    document.querySelector(".md-search").addEventListener("scroll", scrolled, true);
    document.querySelector(".md-search").addEventListener("keydown", keys);
  });
})();
