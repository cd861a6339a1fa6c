// Reads a QR code the way a phone would: from a screenshot of the screen.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';

/** Reads the QR code (`selector`, where a screen has several) from a screenshot of the area around it (the whole screen holds other shapes). */
export async function decodeQr(page: Page, selector = 'svg.qr'): Promise<string | undefined> {
  const box = (await page.locator(selector).boundingBox())!;
  const viewport = page.viewportSize()!;
  const margin = 40;
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  const clip = {
    x,
    y,
    width: Math.min(viewport.width - x, box.width + 2 * margin),
    height: Math.min(viewport.height - y, box.height + 2 * margin),
  };
  const png = PNG.sync.read(await page.screenshot({ clip }));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}
