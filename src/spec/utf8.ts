/**
 * Where bytes stop being UTF-8, for an answer that says where. Only called once bytes were found not
 * to be UTF-8: the bytes are decoded with replacement, and the first U+FFFD they did not spell
 * themselves (as EF BF BD) is the place; offsets are counted once along the text, so it stays linear.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  let at = 0;
  let from = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    at += encoder.encode(text.slice(from, i)).length;
    from = i;
    if (bytes[at] !== 0xef || bytes[at + 1] !== 0xbf || bytes[at + 2] !== 0xbd) return at;
  }
  return bytes.length;
}
