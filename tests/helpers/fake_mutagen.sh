#!/bin/sh
# A stand-in for the mutagen CLI in tests of tau's command line. It appends
# each argument vector, NUL-separated, to $FAKE_MUTAGEN_LOG, prints the
# contents of $FAKE_MUTAGEN_SESSIONS (or "null") for "forward list", and
# fails like mutagen when $FAKE_MUTAGEN_FAIL contains an error message.
set -eu

if [ -n "${FAKE_MUTAGEN_LOG:-}" ]; then
    printf '%s\0' "$@" >>"$FAKE_MUTAGEN_LOG"
    printf '\n' >>"$FAKE_MUTAGEN_LOG"
fi

if [ -n "${FAKE_MUTAGEN_FAIL:-}" ]; then
    printf 'Error: %s\n' "$FAKE_MUTAGEN_FAIL" >&2
    exit 1
fi

case "${1:-} ${2:-}" in
    "forward list")
        if [ -n "${FAKE_MUTAGEN_SESSIONS:-}" ]; then
            cat "$FAKE_MUTAGEN_SESSIONS"
        else
            echo null
        fi
        ;;
    "forward create")
        echo "Created session forward_0123456789abcdef"
        ;;
esac
