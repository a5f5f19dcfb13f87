/**
 * E2E plumbing: real Chromium through playwright-core, a bridge per station, temp folders, and a
 * screenshot of every step into test-output/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBridge, type Bridge, type BridgeOptions } from './bridge/server';
import { rendererBundle } from './bridge/renderer-bundle';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
/** Why E2E tests skip here, or false when Chromium is present. */
export const skipReason: string | false = existsSync(CHROMIUM) ? false : `E2E skipped: ${CHROMIUM} is not installed (CI installs it; apt-get install chromium)`;

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SHOTS_DIR = join(root, 'test-output/screenshots');

/** Headless Chromium with no network-facing background services. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A station: its bridge and a page showing the app, with console errors collected. */
export interface Station {
  bridge: Bridge;
  page: Page;
  errors: string[];
  shot(name: string): Promise<void>;
}

let shotCounter = 0;
/** Opens a page on a new bridge for a station whose user data lives in `userDataDir`. */
export async function openStation(browser: Browser, rendererDir: string, userDataDir: string, scenario: string, options: Pick<BridgeOptions, 'media'> = {}): Promise<Station> {
  const bridge = await startBridge({ rendererDir, userDataDir, ...options });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(bridge.url);
  mkdirSync(SHOTS_DIR, { recursive: true });
  return {
    bridge, page, errors,
    async shot(name) {
      shotCounter++;
      await page.screenshot({ path: join(SHOTS_DIR, `${scenario}-${String(shotCounter).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
  };
}

/** Ticks a checkbox by its label text (a substring). */
export async function tick(page: Page, label: string): Promise<void> {
  await page.getByLabel(label, { exact: false }).check();
}

/**
 * Answers every item of the checklist on screen from its template (resources/checklists/<stage>.json):
 * confirms, fills text items (with a value matching seal-number patterns), picks the first option.
 */
export async function answerChecklist(page: Page, stage: 'export-pre' | 'export-post' | 'import', only: 'required' | 'all' = 'all'): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const template = JSON.parse(readFileSync(join(root, `resources/checklists/${stage}.json`), 'utf8')) as { items: { id: string; kind: string; required: boolean }[] };
  for (const item of template.items) {
    if (only === 'required' && !item.required) continue;
    const box = page.locator(`[data-item="${item.id}"]`);
    if (item.kind === 'confirm') await box.getByRole('checkbox').check();
    // A person-naming item (the witness) is a choice among the station's other people.
    else if (item.kind === 'text' && (await box.getByRole('combobox').count()) > 0) await box.getByRole('combobox').selectOption('Wim Witness');
    else if (item.kind === 'text') await box.getByRole('textbox').fill(item.id.includes('seal') ? 'SEAL-4711' : item.id.includes('ticket') ? 'CHG-2026-11' : item.id.includes('note') ? 'Routine transfer' : 'Wim Witness');
    else await box.getByRole('radio').first().check();
  }
}

/**
 * Adds `folder` as the export's source through the (bridged) folder dialog and waits for the scan's
 * totals, `totals` among them when given.
 */
export async function addSourceFolder(page: Page, bridge: Bridge, folder: string, totals?: RegExp): Promise<void> {
  bridge.nextDialog(folder);
  await page.getByRole('button', { name: 'Add a folder…' }).click();
  const shown = page.getByTestId('scan-totals');
  await (totals ? shown.getByText(totals) : shown).waitFor();
}

/**
 * Export wizard, once the sources are chosen: Next, the pre-pack checklist, the target folder (the
 * bridge's next dialog answers `target`), the signing passphrase, then Pack and sign. Returns as
 * soon as packing has been started.
 */
export async function packToTarget(page: Page, bridge: Bridge, target: string, passphrase: string, checklist: 'required' | 'all' = 'all'): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await answerChecklist(page, 'export-pre', checklist);
  await page.getByRole('button', { name: 'Next' }).click();
  await chooseTargetAndPack(page, bridge, target, passphrase);
}

/** From the target step: chooses the folder `target` (bridged dialog), waits for the space check, packs and signs. */
export async function chooseTargetAndPack(page: Page, bridge: Bridge, target: string, passphrase: string): Promise<void> {
  bridge.nextDialog(target);
  await page.getByRole('button', { name: 'Choose the target folder…' }).click();
  await page.getByText('Space check').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Passphrase of the signing key').fill(passphrase);
  await page.getByRole('button', { name: 'Pack and sign' }).click();
}

/** The seal number E2E exports sign: answerChecklist types it in the after-packing checklist too. */
export const E2E_SEAL = 'SEAL-4711';

/**
 * Export wizard, details step: fills the purpose, the seal number (`E2E_SEAL` unless given) and the
 * witness requirement, then Next (to the sources).
 */
export async function fillExportDetails(page: Page, purpose: string, options: { seal?: string; witnesses?: number } = {}): Promise<void> {
  await page.getByLabel(/^Purpose/).fill(purpose);
  await page.getByLabel(/^Seal number/).fill(options.seal ?? E2E_SEAL);
  if (options.witnesses !== undefined) await page.getByLabel(/^Witness co-signatures required/).fill(String(options.witnesses));
  await page.getByRole('button', { name: 'Next' }).click();
}

/**
 * Export wizard, after packing: optionally a witness co-signs (name, their key's name, passphrase),
 * the manifest step is passed (optionally saving its PDF onto the medium first), the after-packing
 * checklist is answered (seal `E2E_SEAL`) and recorded. Returns once the summary shows.
 */
export async function finishExport(page: Page, options: { witness?: { name: string; key: string; passphrase: string }; pdfOnMedium?: boolean } = {}): Promise<void> {
  await page.getByRole('heading', { name: /Witness co-signature/ }).waitFor({ timeout: 30_000 });
  if (options.witness) {
    await page.getByLabel('Witness', { exact: true }).selectOption(options.witness.name);
    await page.getByLabel("Witness's key").selectOption(options.witness.key);
    await page.getByLabel("Witness's passphrase").fill(options.witness.passphrase);
    await page.getByRole('button', { name: 'Co-sign as witness' }).click();
    await page.getByText(/DONE: \d+ witness co-signature/).waitFor();
  }
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /: Manifest$/ }).waitFor();
  if (options.pdfOnMedium) {
    await page.getByRole('button', { name: 'Save the manifest PDF onto the medium' }).click();
    await page.getByTestId('manifest-medium-message').waitFor({ timeout: 30_000 });
  }
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /After packing/ }).waitFor();
  await answerChecklist(page, 'export-post');
  await page.getByRole('button', { name: 'Record and finish' }).click();
  await page.getByTestId('export-summary').waitFor();
}

/**
 * Import wizard, from its first step: opens `packageDir` (the bridge's next dialog), waits for the
 * trusted-signature verdict, passes the review choosing `officer`, and starts Verify and stage.
 */
export async function openAndVerify(page: Page, bridge: Bridge, packageDir: string, officer = 'Oscar Officer'): Promise<void> {
  bridge.nextDialog(packageDir);
  await page.getByRole('button', { name: 'Open a package folder…' }).click();
  await page.getByText('PASS: signed by a trusted key').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  // The officer importing is chosen on the review step, before staging (named on a rejection).
  await page.getByLabel('Officer importing this package').selectOption(officer);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Verify and stage' }).click();
}

/**
 * Registers a suite's before/after hooks: one Chromium and one renderer bundle for the file, a temp
 * root, and every station opened through `station()` closed afterwards. Skips nothing itself: tests
 * check `skipReason`.
 */
export function e2eSuite(tempPrefix: string) {
  let browser: Browser | undefined;
  let renderer: { dir: string; dispose: () => Promise<void> } | undefined;
  let root = '';
  const opened: Station[] = [];
  before(async () => {
    if (skipReason) return;
    root = await mkdtemp(join(tmpdir(), tempPrefix));
    [browser, renderer] = await Promise.all([launchChromium(), rendererBundle()]);
  });
  after(async () => {
    for (const s of opened) await s.bridge.close();
    await browser?.close();
    await renderer?.dispose();
    if (root) await rm(root, { recursive: true, force: true });
  });
  return {
    /** The suite's temp folder (set once `before` has run). */
    get root(): string {
      return root;
    },
    /** Opens a station whose user data lives in `<root>/<name>/userdata`. */
    async station(name: string, scenario: string, options: Pick<BridgeOptions, 'media'> = {}): Promise<Station> {
      const s = await openStation(browser!, renderer!.dir, join(root, name, 'userdata'), scenario, options);
      opened.push(s);
      return s;
    },
  };
}
