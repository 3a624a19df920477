// The dashboard end to end in Chromium (Debian's `chromium`, driven by playwright-core): the open incident is
// listed with its deadline counting down, the lifecycle diagram highlights its status, clicking an allowed event
// changes the state, the previews render every format, and a screenshot is kept in artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAllowedEvents, type IncidentState } from 'incident-kit';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, KINDS, preview } from '../src/dashboard/previews';
import { call } from './helpers/api';
import { embeddedDataDir } from './helpers/embedded';
import { ARTIFACTS, type ServiceProcess, startService, TOKENS, waitFor } from './helpers/processes';
import { outboundEnv, type Receiver, startReceiver } from './helpers/receiver';

const CHROMIUM = '/usr/bin/chromium';
// Messages whose text depends on the time they are rendered ("next update in 29 minutes").
const CLOCKED = new Set(['internal_update', 'executive_summary', 'status_page_update', 'handoff_brief']);

let service: ServiceProcess;
let browser: BrowserContext;
let page: Page;
let dataDir: string;
let profile: string;
let receiver: Receiver;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium)`);
  dataDir = embeddedDataDir();
  receiver = await startReceiver();
  service = await startService('dashboard-worker', { DATA_DIR: dataDir, ...outboundEnv(receiver) });
  profile = mkdtempSync(join(tmpdir(), 'incident-service-chromium-'));
  // A fresh profile directory each run (playwright's way of passing --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1100 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await receiver?.close();
  for (const dir of [dataDir, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dashboard', () => {
  it('shows the incident, applies an allowed event on click, and previews every message', async () => {
    const declared = await call(service.url, '/api/incidents', {
      body: { id: 'INC-D1', title: 'Login failures for 30% of users', severity: 'SEV2' },
    });
    expect(declared.status).toBe(201);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(`${service.url}/?incident=INC-D1#token=${encodeURIComponent(TOKENS.SERVICE_TOKEN)}`);
    const row = page.locator('#incident-rows tr[data-incident="INC-D1"]');
    await row.waitFor();
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('Login failures for 30% of users');
    // The acknowledgement deadline counts down (SEV2: within 5 minutes).
    const countdown = row.locator('.countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^in [0-4]m \d+s$/);
    await page.waitForFunction(
      (before) => document.querySelector('#incident-rows .countdown')?.textContent !== before,
      first,
    );

    await page.locator('#title', { hasText: 'INC-D1' }).waitFor();
    await expect(page.locator('#diagram .state.current').getAttribute('data-status')).resolves.toBe(
      'detected',
    );
    const allowed = await page
      .locator('#actions button')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-event')));
    // One button per event the lifecycle allows now, no more.
    const current = await call<{ state: IncidentState }>(service.url, '/api/incidents/INC-D1');
    expect(allowed).toEqual(getAllowedEvents(current.body.state));
    expect(allowed).toContain('acknowledge');
    expect(allowed).not.toContain('close');

    // The previews are live: the internal update shown now says "Detected", and changes with the incident.
    await page.locator('#preview-kinds button', { hasText: 'internal update' }).click();
    await page.locator('#preview-formats button', { hasText: 'text' }).click();
    await expect(page.locator('#preview').textContent()).resolves.toContain('Status: Detected');

    await page.locator('#actions button[data-event="acknowledge"]').click();
    await page.locator('#preview', { hasText: 'Status: Investigating' }).waitFor();
    await page.locator('#diagram .state.current[data-status="acknowledged"]').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toBe('acknowledged');
    await page.locator('#actions button[data-event="start_triage"]').waitFor();
    await expect(page.locator('#timeline li[data-type="acknowledge"]').textContent()).resolves.toContain(
      'Dashboard acknowledged',
    );

    // An event with fields: the form comes prefilled, and applying it changes the roles.
    await page.locator('#actions button[data-event="assign_role"]').click();
    await page.locator('#event-form button[type="submit"]').click();
    await page.locator('#roles li', { hasText: 'Jane Smith' }).waitFor();
    await page.locator('#preview', { hasText: 'IC: Jane Smith' }).waitFor();

    // Previews: each format of the internal update names the incident; the resolution waits for a resolution.
    const previews: Record<string, string> = {};
    for (const format of ['markdown', 'slack', 'teams', 'text']) {
      await page.locator('#preview-formats button', { hasText: format }).click();
      previews[format] = (await page.locator('#preview').textContent()) ?? '';
      expect(previews[format]).toContain('Login failures for 30% of users');
    }
    expect(previews.slack).toContain('*');
    expect(previews.markdown).not.toBe(previews.text);
    await page.locator('#preview-kinds button', { hasText: 'resolution update' }).click();
    await expect(page.locator('#preview').textContent()).resolves.toMatch(/^Not available yet/);
    // Every message in every format: the page shows what the library renders for the incident as stored, or says
    // why the message does not apply yet (a resolution update before a resolution). Messages that do not depend on
    // the clock must match exactly.
    const shown = await call<{ state: IncidentState; now: string }>(service.url, '/api/incidents/INC-D1');
    let available = 0;
    for (const kind of KINDS) {
      await page.locator('#preview-kinds button', { hasText: kind.replaceAll('_', ' ') }).click();
      for (const format of FORMATS) {
        await page.locator('#preview-formats button', { hasText: format }).click();
        const text = (await page.locator('#preview').textContent()) ?? '';
        const expected = preview(kind, format, shown.body.state, shown.body.now);
        expect(text.length, `${kind} ${format}`).toBeGreaterThan(0);
        if ('unavailable' in expected) {
          expect(text, `${kind} ${format}`).toBe(`Not available yet: ${expected.unavailable}`);
          continue;
        }
        available += 1;
        expect(text, `${kind} ${format}`).not.toMatch(/^Not available yet/);
        if (!CLOCKED.has(kind)) expect(text, `${kind} ${format}`).toBe(expected.text);
      }
    }
    // At least the updates, the summary, the status page and the handoff apply to an acknowledged incident.
    expect(available).toBeGreaterThanOrEqual(5 * FORMATS.length);
    await page.locator('#preview-kinds button', { hasText: 'internal update' }).click();
    await page.locator('#preview-formats button', { hasText: 'slack' }).click();

    const stored = await call<{ state: { status: string; roles: { person: { name: string } }[] } }>(
      service.url,
      '/api/incidents/INC-D1',
    );
    expect(stored.body.state.status).toBe('acknowledged');
    expect(stored.body.state.roles.map((stint) => stint.person.name)).toContain('Jane Smith');
    expect(errors).toEqual([]);
    // The outbound calls the clicks planned show as sent.
    await page
      .locator('#outbox-rows tr[data-state="sent"]', { hasText: 'pagerduty.enqueue' })
      .first()
      .waitFor();
    await waitFor('the page and its acknowledgement', () => receiver.pagerduty('acknowledge').length === 1);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });
    // A smaller copy for docs/ (the one committed there is such a copy).
    await page.screenshot({
      path: `${ARTIFACTS}/dashboard.jpg`,
      type: 'jpeg',
      quality: 70,
      clip: { x: 0, y: 0, width: 1440, height: 860 },
    });
    const version = browser.browser()?.version() ?? 'Chromium';
    console.log(`dashboard: screenshots in artifacts/dashboard.png and dashboard.jpg (${version})`);
  });

  it('asks for the token instead of showing anything without it', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${service.url}/`);
    await fresh.locator('#login').waitFor({ state: 'visible' });
    expect(await fresh.locator('#incident-rows tr').count()).toBe(0);
    await fresh.close();
  });
});
