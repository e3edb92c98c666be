// leaflet serve: keeps an open page up to date while you edit. The page works without it
// (reload to see changes); with it, the page listens to the server's events and, when a
// build is done, fetches itself again and swaps in the new content in one step: the new
// pictures are loaded first, the keyboard focus and open page texts are kept.
(() => {
  "use strict";
  let generation = Number(document.body.dataset.generation);
  let busy = false;
  let again = false;

  const note = document.querySelector(".live-note");
  if (note) note.hidden = false;

  function loaded(src) {
    return new Promise((done) => {
      const picture = new Image();
      picture.onload = picture.onerror = done;
      picture.src = src;
    });
  }

  // Where the keyboard focus is, as something that can be found in the new page.
  function focusKey() {
    const here = document.activeElement;
    const live = document.getElementById("live");
    if (!here || !live || !live.contains(here)) return null;
    const href = here.getAttribute("href");
    if (here.id) return { id: here.id };
    if (href === null) return null;
    const same = [...live.querySelectorAll("[href]")].filter((e) => e.getAttribute("href") === href);
    return { href, index: same.indexOf(here) };
  }

  function refocus(key, live) {
    if (!key) return;
    let target = null;
    if (key.id) target = document.getElementById(key.id);
    else {
      const same = [...live.querySelectorAll("[href]")].filter((e) => e.getAttribute("href") === key.href);
      target = same[Math.max(0, key.index)] || null;
    }
    if (target) target.focus({ preventScroll: true });
  }

  async function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const response = await fetch(location.href, { cache: "no-store" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const live = fresh.getElementById("live");
      if (!live) return;
      await Promise.all([...live.querySelectorAll("img")].map((img) => loaded(img.src)));
      const key = focusKey();
      const open = [...document.querySelectorAll("#live details")].map((d) => d.open);
      document.getElementById("live").replaceWith(live);
      [...live.querySelectorAll("details")].forEach((d, i) => { if (open[i]) d.open = true; });
      const status = fresh.getElementById("status");
      if (status) document.getElementById("status").replaceWith(status);
      document.title = fresh.title;
      document.body.dataset.generation = fresh.body.dataset.generation;
      refocus(key, live);
    } catch (error) {
      // the server has stopped: the page stays as it was
    } finally {
      busy = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  const events = new EventSource("/events");
  events.addEventListener("building", (event) => {
    const status = document.getElementById("status");
    const data = JSON.parse(event.data);
    status.dataset.building = "yes";
    const words = data.waiting ? status.dataset.waitingWords : status.dataset.buildingWords;
    status.textContent = words.replace("{what}", data.what);
  });
  events.addEventListener("built", (event) => {
    const now = JSON.parse(event.data).generation;
    if (now !== generation) {
      generation = now;
      refresh();
    }
  });
})();
