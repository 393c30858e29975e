import assert from "node:assert/strict";

import {
  isValidLabelValue,
  parseLabel,
  sessionNameProblem,
} from "../lib/names.ts";

// Mirrors the cases of mutagen's own name validation tests.
const NAMES: [string, boolean][] = [
  ["xepep-dalir-docker", true],
  ["a", true],
  ["äöü-1", true],
  ["", false],
  ["1abc", false],
  ["-abc", false],
  ["abc_def", false],
  ["abc def", false],
  ["abc;rm", false],
  ["defaults", false],
  ["0f8fad5b-d9cb-469f-a165-70867728950e", false],
  ["0F8FAD5B-D9CB-469F-A165-70867728950E", false],
];

for (const [name, valid] of NAMES) {
  Deno.test(`sessionNameProblem() ${valid ? "accepts" : "rejects"} ${JSON.stringify(name)}`, () => {
    assert.equal(sessionNameProblem(name) === undefined, valid);
  });
}

Deno.test("sessionNameProblem() names the bad character", () => {
  assert.equal(
    sessionNameProblem("ab$c"),
    'the character "$" at index 2 is not a letter, digit or dash',
  );
});

const LABEL_VALUES: [string, boolean][] = [
  ["", true],
  ["takelage_project_xokil-lyzyd", true],
  ["a".repeat(63), true],
  ["a".repeat(64), false],
  ["-start", false],
  ["end.", false],
  ["has space", false],
];

for (const [value, valid] of LABEL_VALUES) {
  Deno.test(`isValidLabelValue() ${valid ? "accepts" : "rejects"} ${JSON.stringify(value.slice(0, 20))}`, () => {
    assert.equal(isValidLabelValue(value), valid);
  });
}

Deno.test("parseLabel() splits key and value", () => {
  assert.deepEqual(parseLabel("type=takelage-socket"), {
    key: "type",
    value: "takelage-socket",
  });
  assert.deepEqual(parseLabel("example.com/type=x"), {
    key: "example.com/type",
    value: "x",
  });
});

Deno.test("parseLabel() rejects malformed labels", () => {
  for (const label of ["type", "=value", "type=bad value", "a b=c"]) {
    assert.equal(parseLabel(label), undefined, label);
  }
});
