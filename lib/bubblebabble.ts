/**
 * Bubble Babble binary data encoding (Antti Huima, 2000), as used by
 * Ruby's `Digest::SHA256.bubblebabble`, which names takelage containers.
 */

const VOWELS = "aeiouy";
const CONSONANTS = "bcdfghklmnprstvzx";

/** Encodes bytes as Bubble Babble, for example `xexax` for no bytes. */
export function bubbleBabble(data: Uint8Array): string {
  const rounds = Math.floor(data.length / 2) + 1;
  let seed = 1;
  let out = "x";

  for (let round = 0; round < rounds; round++) {
    const isLast = round + 1 === rounds;

    // The last round encodes a trailing odd byte, or only the checksum.
    if (isLast && data.length % 2 === 0) {
      out += VOWELS[seed % 6]! + CONSONANTS[16]! +
        VOWELS[Math.floor(seed / 6)]!;
      break;
    }

    const byte1 = data[2 * round]!;
    out += VOWELS[(((byte1 >> 6) & 3) + seed) % 6]!;
    out += CONSONANTS[(byte1 >> 2) & 15]!;
    out += VOWELS[((byte1 & 3) + Math.floor(seed / 6)) % 6]!;
    if (isLast) break;

    const byte2 = data[2 * round + 1]!;
    out += CONSONANTS[(byte2 >> 4) & 15]! + "-" + CONSONANTS[byte2 & 15]!;
    seed = (seed * 5 + byte1 * 7 + byte2) % 36;
  }

  return out + "x";
}
