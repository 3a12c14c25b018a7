import { afterEach, expect, it, vi } from 'vitest';

// Browsers follow the WHATWG Encoding spec, where the label 'latin1' means windows-1252: bytes
// 0x80–0x9F decode to other characters (0x80 → €, 0x99 → ™, …). Node reads it as ISO-8859-1.
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const NodeTextDecoder = globalThis.TextDecoder;
class BrowserTextDecoder extends NodeTextDecoder {
  private readonly windows1252: boolean;
  constructor(label?: string, options?: TextDecoderOptions) {
    super(label, options);
    this.windows1252 = label === 'latin1';
  }
  override decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
    const text = super.decode(input, options);
    if (!this.windows1252) return text;
    return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

it('encodes the same under a browser TextDecoder (pieces with bytes 0x80–0x9F still match)', async () => {
  const text = 'Lily said, “it’s mine” — and ran.';
  const { tok512 } = await import('../__fixtures__/stories.ts');
  const expected = (await tok512()).encode(text);
  vi.resetModules();
  vi.stubGlobal('TextDecoder', BrowserTextDecoder);
  const browser = await import('../__fixtures__/stories.ts');
  const ids = (await browser.tok512()).encode(text);
  expect(ids).toEqual(expected);
  expect(ids.length).toBeLessThan(new TextEncoder().encode(text).length); // pieces merged
});
