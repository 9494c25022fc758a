// @ts-check
// Starts the page: reads the data, mounts the search list and shows the view the address names.
// Each finished view sends an `ldp-docs:rendered` event (with its timing) on `document`.

function start() {
  const site = readSite();
  const sidebar = document.getElementById('sidebar');
  const main = document.getElementById('main');
  if (!sidebar || !main) throw new Error('the page is missing its sidebar or main element');
  const title = document.getElementById('project-name');
  if (title) title.textContent = site.data.project.name;
  mountSidebar(site, sidebar);
  sidebar.addEventListener('click', (event) => followInGraph(event));
  const show = () => {
    const started = performance.now();
    renderRoute(site, main, parseRoute(location.hash), (detail) => {
      markCurrent();
      main.focus({ preventScroll: true });
      document.dispatchEvent(
        new CustomEvent('ldp-docs:rendered', { detail: { ...detail, ms: performance.now() - started } }),
      );
    });
  };
  window.addEventListener('hashchange', show);
  document.addEventListener('keydown', focusSearchOnSlash);
  show();
  document.documentElement.dataset.ready = 'true';
}

/**
 * @param {Site} site
 * @param {HTMLElement} main
 * @param {Route} route
 * @param {(detail: RenderDetail) => void} onRendered
 */
function renderRoute(site, main, route, onRendered) {
  main.scrollTop = 0;
  switch (route.view) {
    case 'overview':
      renderOverview(site, main);
      return onRendered({ view: 'overview', ms: 0 });
    case 'node':
      renderNodePage(site, main, route.id);
      return onRendered({ view: 'node', ms: 0 });
    case 'graph':
      return renderGraphView(site, main, route, onRendered);
  }
}

/**
 * While the graph is shown, a node picked in the list becomes the graph's focus.
 * @param {MouseEvent} event
 */
function followInGraph(event) {
  const route = parseRoute(location.hash);
  const row = event.target instanceof Element ? event.target.closest('a[data-id]') : null;
  if (route.view !== 'graph' || !row) return;
  event.preventDefault();
  location.hash = graphHash({ ...route, id: row.getAttribute('data-id') ?? undefined, whole: false });
}

/** @param {KeyboardEvent} event */
function focusSearchOnSlash(event) {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
  if (event.key !== '/' || typing) return;
  event.preventDefault();
  document.getElementById('search')?.focus();
}
