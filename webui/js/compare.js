// Before and after, for denoise: the finished job against the upload, at one crop and zoom for both; and before the
// job is sent, the strength previewed on a crop of the chosen image.

const clamp = (value, low, high) => Math.min(Math.max(value, low), high);

/**
 * A compare view: `before` and `after` are laid over each other in `frame` at the same size and offset, `after`
 * clipped by `clip` to the slider's share of the frame. Zoom is "fit" or a scale (1 is one output pixel per CSS
 * pixel); dragging the frame or its arrow keys move both pictures together.
 */
export function compareView({ frame, before, after, clip, slider, zoomButtons }) {
  const view = { zoom: 'fit', x: 0, y: 0, scale: 1 };

  const size = () => ({ w: after.naturalWidth || before.naturalWidth, h: after.naturalHeight || before.naturalHeight });

  function fitScale() {
    const { w, h } = size();
    return Math.min(1, frame.clientWidth / w, (window.innerHeight * 0.7) / h);
  }

  function layout() {
    const { w, h } = size();
    if (!w || !h) return;
    const fit = fitScale();
    frame.style.height = `${Math.round(h * fit)}px`;
    view.scale = view.zoom === 'fit' ? fit : Number(view.zoom);
    const width = w * view.scale;
    const height = h * view.scale;
    const frameWidth = frame.clientWidth;
    const frameHeight = frame.clientHeight;
    view.x = width <= frameWidth ? (frameWidth - width) / 2 : clamp(view.x, frameWidth - width, 0);
    view.y = height <= frameHeight ? (frameHeight - height) / 2 : clamp(view.y, frameHeight - height, 0);
    for (const image of [before, after]) {
      image.style.width = `${width}px`;
      image.style.height = `${height}px`;
      image.style.left = `${view.x}px`;
      image.style.top = `${view.y}px`;
    }
    clip.style.width = `${slider.value}%`;
    frame.dataset.scale = String(view.scale);
  }

  function setZoom(zoom) {
    const old = view.scale;
    const centreX = (frame.clientWidth / 2 - view.x) / old;
    const centreY = (frame.clientHeight / 2 - view.y) / old;
    view.zoom = zoom;
    view.scale = zoom === 'fit' ? fitScale() : Number(zoom);
    // Keep the point at the centre of the frame where it was.
    view.x = frame.clientWidth / 2 - centreX * view.scale;
    view.y = frame.clientHeight / 2 - centreY * view.scale;
    for (const button of zoomButtons) button.setAttribute('aria-pressed', String(button.dataset.zoom === zoom));
    layout();
  }

  for (const button of zoomButtons) button.addEventListener('click', () => setZoom(button.dataset.zoom));
  slider.addEventListener('input', layout);
  before.addEventListener('load', layout);
  after.addEventListener('load', layout);
  window.addEventListener('resize', layout);

  let drag = null;
  frame.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX - view.x, y: event.clientY - view.y };
    frame.setPointerCapture(event.pointerId);
  });
  frame.addEventListener('pointermove', (event) => {
    if (!drag) return;
    view.x = event.clientX - drag.x;
    view.y = event.clientY - drag.y;
    layout();
  });
  const endDrag = () => { drag = null; };
  frame.addEventListener('pointerup', endDrag);
  frame.addEventListener('pointercancel', endDrag);
  const STEP = 40;
  const moves = { ArrowLeft: [STEP, 0], ArrowRight: [-STEP, 0], ArrowUp: [0, STEP], ArrowDown: [0, -STEP] };
  frame.addEventListener('keydown', (event) => {
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    view.x += move[0];
    view.y += move[1];
    layout();
  });

  return {
    show(beforeUrl, afterUrl) {
      setZoom('fit');
      before.src = beforeUrl;
      after.src = afterUrl;
      layout();
    },
  };
}

/** The largest square of at most `edge` px from the centre of an image file, as a PNG, at full resolution. */
export async function centreCrop(file, edge) {
  const bitmap = await createImageBitmap(file);
  const width = Math.min(edge, bitmap.width);
  const height = Math.min(edge, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(bitmap, Math.floor((bitmap.width - width) / 2), Math.floor((bitmap.height - height) / 2),
    width, height, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise((resolve, reject) => canvas.toBlob((png) => (png ? resolve(png) : reject(new Error('no PNG'))), 'image/png'));
  return { file: new File([blob], 'denoise-preview.png', { type: 'image/png' }), width, height };
}
