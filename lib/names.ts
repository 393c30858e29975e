/**
 * Validation of mutagen session names and label values, mirroring the
 * rules of mutagen v0.18 (`pkg/selection`), so that bad input is rejected
 * before mutagen runs.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;

/** Maximum length of a mutagen label value (Kubernetes label rules). */
export const MAX_LABEL_VALUE_LENGTH = 63;

const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * Checks a session name against mutagen's rules and returns the reason it
 * is invalid, or undefined when it is valid.
 */
export function sessionNameProblem(name: string): string | undefined {
  if (name === "") return "the name is empty";

  let index = 0;
  for (const char of name) {
    if (LETTER.test(char)) {
      index++;
      continue;
    }
    if (index === 0) return "the name must start with a letter";
    if (!NUMBER.test(char) && char !== "-") {
      return `the character ${JSON.stringify(char)} at index ${index} ` +
        "is not a letter, digit or dash";
    }
    index++;
  }

  if (UUID.test(name)) return "the name must not be a UUID";
  if (name === "defaults") return `"defaults" is reserved by mutagen`;
  return undefined;
}

/** Returns whether a string is a valid mutagen label value. */
export function isValidLabelValue(value: string): boolean {
  return value.length <= MAX_LABEL_VALUE_LENGTH && LABEL_VALUE.test(value);
}

/**
 * Parses a `key=value` label such as `type=takelage-socket`, or returns
 * undefined when the key or value is not valid for mutagen.
 */
export function parseLabel(
  label: string,
): { key: string; value: string } | undefined {
  const separator = label.indexOf("=");
  if (separator <= 0) return undefined;

  const key = label.slice(0, separator);
  const value = label.slice(separator + 1);
  if (!isValidLabelKey(key) || !isValidLabelValue(value)) return undefined;
  return { key, value };
}

// Kubernetes qualified names: an optional DNS prefix and a 63-character name.
function isValidLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefix = slash === -1 ? "" : key.slice(0, slash);
  if (name === "" || !isValidLabelValue(name)) return false;
  if (slash === -1) return true;
  return prefix.length > 0 && prefix.length <= 253 &&
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(prefix);
}
