// The trend chart as a PNG: Chart.js drawing on @napi-rs/canvas (Skia, prebuilt binaries from npm); no pixels by hand.
import type { Trend } from './trend.ts';

/** Pixels of the PNG: wide enough for 120 monthly bars, and Slack shows it at half size on retina screens. */
export const CHART_SIZE = { width: 1200, height: 500 } as const;

type ChartModule = typeof import('chart.js');
type CanvasModule = typeof import('@napi-rs/canvas');
let loaded: Promise<{ chart: ChartModule; canvas: CanvasModule }> | undefined;

/** Chart.js and the canvas load on the first chart (~0.3 s), not at every start of the bot. */
function load(): Promise<{ chart: ChartModule; canvas: CanvasModule }> {
  loaded ??= Promise.all([import('chart.js'), import('@napi-rs/canvas')]).then(([chart, canvas]) => {
    chart.Chart.register(...chart.registerables);
    return { chart, canvas };
  });
  return loaded;
}

/** Renders matching papers per bucket as a bar chart; returns PNG bytes. */
export async function renderTrendChart(trend: Trend): Promise<Buffer> {
  const { chart, canvas } = await load();
  const surface = canvas.createCanvas(CHART_SIZE.width, CHART_SIZE.height);
  const ctx = surface.getContext('2d');
  // Slack shows transparent PNGs on dark themes too: paint a white background first.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CHART_SIZE.width, CHART_SIZE.height);
  const title = `Papers matching "${trend.query.length > 80 ? `${trend.query.slice(0, 80)}…` : trend.query}" per ${trend.unit}`;
  const drawn = new chart.Chart(surface as unknown as ConstructorParameters<ChartModule['Chart']>[0], {
    type: 'bar',
    data: { labels: trend.labels, datasets: [{ label: 'papers', data: trend.counts, backgroundColor: '#3b6ea5' }] },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      plugins: { legend: { display: false }, title: { display: true, text: title, font: { size: 22 } } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0, font: { size: 16 } } }, x: { ticks: { font: { size: 14 }, autoSkip: true, maxRotation: 60 } } },
    },
  });
  try {
    return surface.toBuffer('image/png');
  } finally {
    drawn.destroy();
  }
}
