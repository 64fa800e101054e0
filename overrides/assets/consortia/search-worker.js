/* The site's search worker, started by Material in place of its own (main.html puts this file's
   address in the page's __config). It answers Material's messages (SETUP → READY, QUERY → RESULT:
   Material's integrations/search/worker/message) from Pagefind's index of this language's folder
   of the site (consortia/search.py), so Material's search box and results stay as they are.
   The page's script (search.js) sends the chosen filters and asks for more results (which it
   shows itself: Material shows what it was sent); this worker tells it how many results a query
   has. */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const PAGE_SIZE = 10 // results whose text is fetched at a time (Material shows ten at first): Pagefind loads each one's text on its own
const root = new URL("../../", self.location) // this worker is in assets/consortia/ of the language's folder

let pagefind = null
let started = null
const state = { query: "", filters: {} }

async function start() {
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href)
    await pagefind.options({ baseUrl: "/" })
    await pagefind.init()
  } catch (error) {
    console.warn("The search index could not be loaded:", error)
    pagefind = null
  }
}

/* Pagefind gives titles as the page's text, which Material writes as HTML. */
const escape = text => text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)

/* Material's documents for one Pagefind result: the page, then its sections (shown folded).
   Pagefind's excerpts are HTML already (escaped, the words found in <mark>). */
function documents(data, score, terms) {
  const location = url => url.replace(/^\//, "")
  const page = { location: location(data.url), title: escape(data.meta.title || data.url), text: data.excerpt, score, terms }
  const sections = (data.sub_results || [])
    .filter(section => section.url.includes("#") && section.url !== data.url)
    .slice(0, 3)
    .map(section => ({ location: location(section.url), title: escape(section.title), text: section.excerpt, score: score / 2, terms }))
  return [page, ...sections]
}

let current = null // the last search: its results, and how many of them were sent

async function results() {
  const term = state.query.trim()
  if (!pagefind || (!term && !Object.keys(state.filters).length))
    return { items: [], total: 0 }
  const search = await pagefind.debouncedSearch(term || null, { filters: state.filters }, 50)
  if (search === null) // a later query came in meanwhile
    return null
  current = { results: search.results, sent: 0, terms: Object.fromEntries(term.split(/\s+/).filter(Boolean).map(word => [word, true])) }
  return { items: await next(), total: search.results.length }
}

/* Material's documents for the next PAGE_SIZE results of the last search. */
async function next() {
  const chosen = current.results.slice(current.sent, current.sent + PAGE_SIZE)
  current.sent += chosen.length
  const loaded = await Promise.all(chosen.map(result => result.data()))
  return loaded.map((data, i) => documents(data, chosen[i].score, current.terms))
}

async function answer() {
  await started
  const found = await results()
  if (found === null)
    return
  postMessage({ type: RESULT, data: { items: found.items } })
  postMessage({ type: "consortia:total", data: { total: found.total, shown: found.items.length } })
}

async function more() {
  if (current && current.sent < current.results.length)
    postMessage({ type: "consortia:more", data: { items: await next(), total: current.results.length, shown: current.sent } })
}

addEventListener("message", async event => {
  const { type, data } = event.data
  if (type === SETUP) {
    postMessage({ type: READY }) // Pagefind is loaded once the visitor opens the search, not with every page
  } else if (type === "consortia:open") {
    started = started || start()
  } else if (type === QUERY) {
    if (data.trim()) // Material asks for "" as the page opens
      started = started || start()
    state.query = data
    await answer()
  } else if (type === "consortia:filters") {
    state.filters = data
    await answer()
  } else if (type === "consortia:more") {
    await more()
  }
})
