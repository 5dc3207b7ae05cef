/**
 * The steps every portal journey is made of: a browser page per person, navigation through the main
 * menu, sign-up and sign-in, waiting for a notice, and a visit that runs axe and keeps a screenshot.
 * A step that waits in vain fails with what the page shows instead (its errors, its text and a
 * screenshot), not a bare timeout.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { assertAccessible, type RunningServer, screenshotDir } from './support.ts';

const PARTNER_PASSWORD = 'Partner-Portal-Pass-2026!';

export interface NewPartner {
  id: string;
  org: string;
  type: string;
  policyGroup?: string;
}

export class Journey {
  readonly shots = screenshotDir();
  private readonly contexts: BrowserContext[] = [];

  constructor(
    readonly server: RunningServer,
    private readonly browser: Browser,
  ) {}

  async newPage(width = 1280): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width, height: 900 } });
    context.setDefaultTimeout(30_000);
    this.contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${this.server.url}/`);
    return page;
  }

  /** Checks the page with axe and keeps a screenshot named after it. */
  async visit(page: Page, name: string): Promise<void> {
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await assertAccessible(page, name);
    await page.screenshot({ path: join(this.shots, `${name}.png`), fullPage: true });
  }

  /** Waits for `target` to show (or only to be there); on failure, says what the page shows instead. */
  async shows(
    page: Page,
    target: Locator,
    what: string,
    state: 'visible' | 'attached' = 'visible',
  ): Promise<void> {
    try {
      await target.waitFor({ state });
    } catch (cause) {
      await page.screenshot({ path: join(this.shots, `failed-${Date.now()}.png`), fullPage: true });
      const errors = await page.getByRole('alert').allTextContents();
      const body = (await page.locator('body').textContent())?.replace(/\s+/g, ' ').slice(0, 600);
      throw new Error(
        `${what} did not show at ${page.url()}; errors shown: ${JSON.stringify(errors)}; the page reads: ${body}`,
        { cause },
      );
    }
  }

  /** Waits for the page's notice saying `text`. */
  notice(page: Page, text: string): Promise<void> {
    return this.shows(page, page.getByRole('status').getByText(text), `the notice "${text}"`);
  }

  /**
   * Follows a main-menu link and waits until the portal is on its page and the page has loaded its data:
   * a table that arrives moves the forms below it, and a click aimed before the move can land beside its
   * button (seen at load 7-8: the CA upload's click never submitted).
   */
  async go(page: Page, label: string): Promise<void> {
    const menu = page.getByRole('button', { name: 'Menu' });
    if (await menu.isVisible()) await menu.click();
    const link = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: label, exact: true });
    const path = await link.getAttribute('href');
    await link.click();
    await page.waitForURL((url) => url.pathname === path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  }

  async signIn(page: Page, user: string, password: string): Promise<void> {
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** A new account through self sign-up, signed in, registering its organisation. */
  async onboard(user: string, partner: NewPartner, width = 1280): Promise<Page> {
    const page = await this.newPage(width);
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(PARTNER_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await this.notice(page, 'Account requested');
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await this.signIn(page, user, PARTNER_PASSWORD);
    await page.getByRole('link', { name: 'Register your organisation' }).click();
    await page.getByLabel('Partner type').selectOption(partner.type);
    await page.getByLabel('Partner id').fill(partner.id);
    await page.getByLabel('Organisation name').fill(partner.org);
    await page.getByLabel('Address').fill('1 Main Street, Springfield');
    await page.getByLabel('Contact number').fill('+15550100');
    await page.getByLabel('Email').fill(`${partner.id}@example.org`);
    if (partner.policyGroup) await page.getByLabel('Policy group').fill(partner.policyGroup);
    await page.getByRole('button', { name: 'Register' }).click();
    await this.shows(page, page.getByText('awaiting the partner admin'), 'the registration notice');
    return page;
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
  }
}
