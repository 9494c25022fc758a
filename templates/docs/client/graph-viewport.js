// @ts-check
// Pan (drag) and zoom (wheel) for the graph, by transforming one group; nothing is redrawn.

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 3;
/** A press that moves less than this many pixels is a click, not a drag. */
const DRAG_THRESHOLD = 4;

/**
 * @param {SVGSVGElement} svg
 * @param {SVGGElement} viewport
 * @param {{ width: number, height: number }} size
 * @returns {{ fit: () => void, wasDrag: () => boolean }}
 */
function attachViewport(svg, viewport, size) {
  const view = { x: 0, y: 0, zoom: 1 };
  const apply = () =>
    viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.zoom})`);
  let drag = { active: false, moved: false, startX: 0, startY: 0, x: 0, y: 0 };
  svg.addEventListener('pointerdown', (event) => {
    drag = { active: true, moved: false, startX: event.clientX, startY: event.clientY, x: view.x, y: view.y };
  });
  svg.addEventListener('pointermove', (event) => {
    if (!drag.active) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!drag.moved) svg.setPointerCapture(event.pointerId);
    drag.moved = true;
    view.x = drag.x + dx;
    view.y = drag.y + dy;
    apply();
  });
  const end = () => {
    drag.active = false;
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  svg.addEventListener('wheel', (event) => zoomAt(svg, view, event, apply), { passive: false });
  const fit = () => {
    const box = svg.getBoundingClientRect();
    const zoom = Math.min(
      1,
      (box.width - 20) / Math.max(size.width, 1),
      (box.height - 20) / Math.max(size.height, 1),
    );
    view.zoom = Math.max(MIN_ZOOM, zoom);
    view.x = (box.width - size.width * view.zoom) / 2;
    view.y = (box.height - size.height * view.zoom) / 2;
    apply();
  };
  return { fit, wasDrag: () => drag.moved };
}

/**
 * Zooms around the pointer, so the point under it stays put.
 * @param {SVGSVGElement} svg
 * @param {{ x: number, y: number, zoom: number }} view
 * @param {WheelEvent} event
 * @param {() => void} apply
 */
function zoomAt(svg, view, event, apply) {
  event.preventDefault();
  const box = svg.getBoundingClientRect();
  const px = event.clientX - box.left;
  const py = event.clientY - box.top;
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * Math.exp(-event.deltaY / 500)));
  view.x = px - ((px - view.x) * zoom) / view.zoom;
  view.y = py - ((py - view.y) * zoom) / view.zoom;
  view.zoom = zoom;
  apply();
}
