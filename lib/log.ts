/**
 * Levelled logging to stderr, so that stdout carries only data.
 *
 * Colour follows the NO_COLOR convention through `Deno.noColor` and is
 * used only when stderr is a terminal.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

export type LogLevel = typeof LOG_LEVELS[number];

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Writes one line of text; injected so tests can capture output. */
export type LineWriter = (line: string) => void;

/** Options for {@link Logger}. */
export interface LoggerOptions {
  /** Lowest level that is printed. */
  level?: LogLevel;
  /** Destination of each line; defaults to stderr. */
  write?: LineWriter;
  /** Whether to colour labels; defaults to a TTY check and NO_COLOR. */
  color?: boolean;
}

/** Parses a log level name, or returns undefined for an unknown one. */
export function parseLogLevel(value: string): LogLevel | undefined {
  return (LOG_LEVELS as readonly string[]).includes(value)
    ? value as LogLevel
    : undefined;
}

/** A small levelled logger; messages are single lines. */
export class Logger {
  level: LogLevel;
  readonly #write: LineWriter;
  readonly #color: boolean;

  constructor(options: LoggerOptions = {}) {
    this.level = options.level ?? "info";
    this.#write = options.write ?? writeStderr;
    this.#color = options.color ?? (!Deno.noColor && isStderrTerminal());
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  debug(message: string): void {
    this.#log("debug", "debug", "\x1b[2m", message);
  }

  info(message: string): void {
    this.#log("info", "", "", message);
  }

  warn(message: string): void {
    this.#log("warn", "warning", "\x1b[33m", message);
  }

  error(message: string): void {
    this.#log("error", "error", "\x1b[31m", message);
  }

  #log(level: LogLevel, label: string, colorCode: string, message: string) {
    if (!this.enabled(level)) return;
    if (label === "") {
      this.#write(message);
      return;
    }
    const prefix = this.#color ? `${colorCode}${label}:\x1b[0m` : `${label}:`;
    this.#write(`${prefix} ${message}`);
  }
}

const encoder = new TextEncoder();

function writeStderr(line: string): void {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
}

function isStderrTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}
