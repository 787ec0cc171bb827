// The web edition's one script: the case index's search and filters, and the landing
// page's hint of the reader's language. Without it every page works; the index is a
// plain list. Nothing here is taken from the cases: labels come from data-* attributes
// the build wrote, and Pagefind (bundled under /pagefind/) does the full-text search.

const finder = document.getElementById("finder");

if (finder) {
  const list = document.getElementById("cases");
  const items = Array.from(list.querySelectorAll("li[data-case]"));
  const status = document.getElementById("status");
  const none = document.getElementById("none");
  const query = document.getElementById("q");
  const boxes = Array.from(finder.querySelectorAll("input[type=checkbox]"));
  const facetKeys = Array.from(finder.querySelectorAll("[data-facet]"), (f) => f.dataset.facet);
  const switches = Array.from(document.querySelectorAll("a.lang-switch"));
  const total = items.length;
  let pagefind = null;
  let run = 0;

  finder.hidden = false;
  document.getElementById("finder-layout").classList.add("with-filters");
  document.getElementById("no-script").hidden = true;

  async function search(text) {
    if (!pagefind) {
      pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
      await pagefind.init();
    }
    const found = await pagefind.search(text);
    const data = await Promise.all(found.results.map((r) => r.data()));
    return new Set(data.map((d) => d.meta.id));
  }

  function selected() {
    const chosen = {};
    for (const box of boxes) {
      if (box.checked) (chosen[box.name] ||= []).push(box.value);
    }
    return chosen;
  }

  function toAddress(chosen, text) {
    const params = new URLSearchParams();
    if (text) params.set("q", text);
    for (const key of facetKeys) for (const value of chosen[key] || []) params.append(key, value);
    const search = params.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
    for (const link of switches) {
      const target = new URL(link.href);
      target.search = search;
      link.href = target.href;
    }
  }

  async function apply() {
    const mine = ++run;
    const chosen = selected();
    const text = query.value.trim();
    toAddress(chosen, text);
    let hits = null;
    if (text) {
      try {
        hits = await search(text);
      } catch (err) {
        console.warn("Search is not available:", err);
        hits = new Set();
      }
    }
    if (mine !== run) return; // a newer search started meanwhile
    let all = 0;
    for (const key of facetKeys) {
      const count = (chosen[key] || []).length;
      all += count;
      finder.querySelector(`[data-chosen="${key}"]`).textContent = count ? `(${count})` : "";
    }
    document.getElementById("chosen-all").textContent = all ? `(${all})` : "";
    let shown = 0;
    for (const item of items) {
      let match = !hits || hits.has(item.dataset.case);
      for (const [key, values] of Object.entries(chosen)) {
        const has = (item.dataset[key] || "").split(" ");
        if (!values.some((v) => has.includes(v))) match = false;
      }
      item.hidden = !match;
      if (match) shown += 1;
    }
    none.hidden = shown > 0;
    status.textContent = finder.dataset.shown.replace("{shown}", shown).replace("{total}", total);
  }

  // The state in the address: ?q=water&form=joint-research&form=advocacy
  const params = new URLSearchParams(location.search);
  query.value = params.get("q") || "";
  // The filters open on a wide screen, or where the address chose some; on a phone
  // they stay folded so that the list comes first.
  const filters = document.getElementById("filters");
  filters.open = window.matchMedia("(min-width: 52rem)").matches;
  for (const box of boxes) {
    box.checked = params.getAll(box.name).includes(box.value);
    if (box.checked) {
      box.closest("details.facet").open = true;
      filters.open = true;
    }
  }

  let timer = 0;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 250);
  });
  finder.addEventListener("change", (event) => {
    if (event.target !== query) apply();
  });
  finder.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  finder.addEventListener("reset", () => setTimeout(apply, 0));
  apply();
}

// The landing page: the reader's language (Accept-Language, as the browser reports it)
// is only a hint: its choice is marked, never followed by a redirect.
const choices = document.querySelectorAll(".languages li[data-lang]");
if (choices.length) {
  const wanted = (navigator.languages || [navigator.language || ""]).map((l) => l.slice(0, 2).toLowerCase());
  for (const code of wanted) {
    const match = Array.from(choices).find((li) => li.dataset.lang === code);
    if (match) {
      match.classList.add("preferred");
      break;
    }
  }
}
