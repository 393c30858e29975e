import assert from "node:assert/strict";

import { bubbleBabble } from "../lib/bubblebabble.ts";

const encoder = new TextEncoder();

// Test vectors from the Bubble Babble specification.
const VECTORS: [string, string][] = [
  ["", "xexax"],
  ["1234567890", "xesef-disof-gytuf-katof-movif-baxux"],
  ["Pineapple", "xigak-nyryk-humil-bosek-sonax"],
];

for (const [input, expected] of VECTORS) {
  Deno.test(`bubbleBabble() encodes ${JSON.stringify(input)}`, () => {
    assert.equal(bubbleBabble(encoder.encode(input)), expected);
  });
}

Deno.test("bubbleBabble() encodes one odd byte", () => {
  // A single byte takes the odd-length branch of the last round.
  const encoded = bubbleBabble(new Uint8Array([0]));
  assert.match(encoded, /^x[aeiouy][bcdfghklmnprstvzx][aeiouy]x$/);
});
