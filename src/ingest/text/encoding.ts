/**
 * Encoding detection from the first bytes. Chinese cycler software writes GBK/GB18030,
 * Windows tools write UTF-16 and Windows-1252; everything else is UTF-8 (BOM or not).
 */
export interface DetectedEncoding {
  /** A WHATWG label TextDecoder understands. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252';
  bomLength: number;
}

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
  }
  // ASCII text in UTF-16 has a zero byte in every other position.
  if (zeroOdd > sample.length / 4 && zeroEven < zeroOdd / 10) return { encoding: 'utf-16le', bomLength: 0 };
  if (zeroEven > sample.length / 4 && zeroOdd < zeroEven / 10) return { encoding: 'utf-16be', bomLength: 0 };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: looksLikeGb(bytes) ? 'gb18030' : 'windows-1252', bomLength: 0 };
}

/** True when the bytes decode as UTF-8, tolerating a multi-byte sequence cut at the end of the probe. */
function isValidUtf8(bytes: Uint8Array): boolean {
  let end = bytes.length;
  // Back off an incomplete trailing sequence (the probe may cut one in half).
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = bytes[end - k]!;
    if ((b & 0xc0) === 0xc0) {
      end -= k;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * GBK text is mostly double-byte pairs with both bytes ≥ 0x81; Windows-1252 text has
 * isolated high bytes (°, µ, é) between ASCII characters.
 */
function looksLikeGb(bytes: Uint8Array): boolean {
  let pairs = 0;
  let lone = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const next = bytes[i + 1];
    // A high byte followed by ASCII ("°C", "µF" in Windows-1252) fits GBK's trail range too, so it
    // proves nothing; Chinese text is dominated by pairs of two high bytes.
    if (b >= 0x81 && b <= 0xfe && next !== undefined && next >= 0x40 && next !== 0x7f && next <= 0xfe) {
      if (next >= 0x80) pairs++;
      i++;
    } else lone++;
  }
  return pairs > 0 && pairs >= lone * 2;
}
