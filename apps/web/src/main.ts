import { formatBackendReport, type BackendReport } from '@dendrite/core';
import { useWebPlatform } from '@dendrite/web';
import { memory } from '@tensorflow/tfjs-core';
import { setUpBasicsPart } from './basics-part.js';
import { benchTable, runBenchmark, type BenchResult } from './bench.js';
import { setUpClassifyPart } from './classify-part.js';
import { byId, element } from './dom.js';
import { errorElement } from './friendly-error.js';
import { readSettings, type PageSettings } from './settings.js';
import { setUpTransferPart } from './transfer-part.js';
import { wasmPaths } from './wasm-paths.js';

async function start(): Promise<void> {
  const settings = readSettings(location);
  fillSettingsForm(settings);
  const summary = byId('backend-summary');
  let backend: BackendReport;
  try {
    ({ backend } = await useWebPlatform({
      ...(settings.backend !== undefined ? { backend: settings.backend } : {}),
      wasmPaths,
      onContextLost: (event) => summary.replaceChildren(element('span', { class: 'error', role: 'alert', text: `${event.message} Reload the page to continue.` })),
    }));
  } catch (error) {
    summary.replaceChildren(errorElement(error, 'the TensorFlow.js backend'));
    document.body.dataset.ready = 'failed';
    return;
  }
  showBackendReport(backend);

  if (settings.bench) {
    document.body.dataset.ready = 'true';
    await startBenchmark();
    return;
  }
  setUpBasicsPart();
  setUpClassifyPart(settings);
  setUpTransferPart(settings);
  showMemory();
  document.body.dataset.ready = 'true';
}

function fillSettingsForm(settings: PageSettings): void {
  byId<HTMLSelectElement>('setting-backend').value = settings.backend ?? '';
  if (settings.weights !== 'imagenet-uint8') byId<HTMLInputElement>('setting-weights').value = settings.weights;
  const query = new URLSearchParams(location.search);
  byId<HTMLInputElement>('setting-labels').value = query.get('labels') ?? '';
}

function showBackendReport(backend: BackendReport): void {
  // Dendrite's one-line report, as the Node CLI prints it, then each candidate in a table.
  byId('backend-summary').textContent = formatBackendReport(backend);
  byId('backend').dataset.backend = backend.selected;
  const table = byId<HTMLTableElement>('backend-report');
  table.tBodies[0]!.replaceChildren(
    ...backend.attempts.map((attempt) =>
      element('tr', { class: `outcome-${attempt.outcome}` }, [
        element('th', { scope: 'row', text: attempt.name }),
        element('td', { text: attempt.outcome }),
        element('td', { text: `${Math.round(attempt.milliseconds)} ms`, class: 'number' }),
        element('td', { text: attempt.reason }),
      ]),
    ),
  );
  table.hidden = false;
}

/** Keeps the footer's count of live tensors current: a count that only grows is a leak. */
function showMemory(): void {
  const line = byId('memory');
  const update = (): void => {
    const { numTensors, numBytes } = memory();
    line.textContent = `TensorFlow.js holds ${numTensors} tensors (${(numBytes / 1e6).toFixed(1)} MB).`;
    line.dataset.tensors = String(numTensors);
  };
  update();
  setInterval(update, 500);
}

async function startBenchmark(): Promise<void> {
  for (const id of ['part2', 'part3', 'part4']) byId(id).hidden = true;
  const section = byId('bench');
  section.hidden = false;
  const status = byId('bench-status');
  const shown: BenchResult[] = [];
  status.textContent = 'Timing MobileNetV2 on each backend (about a minute)…';
  try {
    const results = await runBenchmark((result) => {
      shown.push(result);
      byId('bench-results').replaceChildren(benchTable(shown));
      status.textContent = `Timed ${shown.map((entry) => entry.backend).join(', ')}…`;
    });
    status.textContent = 'Done.';
    section.dataset.results = JSON.stringify(results);
  } catch (error) {
    status.replaceChildren(errorElement(error, 'the benchmark'));
    section.dataset.results = '[]';
  }
}

// Anything that escapes the parts' own error handling is still shown, not only logged.
function showUnexpected(error: unknown): void {
  byId('main').prepend(errorElement(error, 'the page'));
}
window.addEventListener('unhandledrejection', (event) => showUnexpected(event.reason));
window.addEventListener('error', (event) => showUnexpected(event.error ?? event.message));

void start();
