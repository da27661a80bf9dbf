#!/usr/bin/env bash
# GitHub Action, step 2: run `launchgate check` with the action's inputs.
# The CLI itself writes the job summary, annotations and passed/failures/warnings/errors/failing
# to GITHUB_OUTPUT; this adds `verdict` and `exit-code`, and exits with launchgate's code.
# In: LAUNCHGATE_BIN, LAUNCHGATE_PYTHON (to split INPUT_ARGS), INPUT_* (the action's inputs).
set -uo pipefail

# Record the verdict for later steps and exit with launchgate's code (2: bad input).
finish() {
  local code=$1 verdict=error
  case "$code" in 0) verdict=passed ;; 1) verdict=failed ;; esac
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'verdict=%s\nexit-code=%s\n' "$verdict" "$code" >>"$GITHUB_OUTPUT"
  fi
  exit "$code"
}

bin="${LAUNCHGATE_BIN:-launchgate}"
args=(check)
add() { [ -n "$2" ] && args+=("$1" "$2"); return 0; }
add --config "${INPUT_CONFIG:-}"
add --fail-on "${INPUT_FAIL_ON:-}"
add --only "${INPUT_ONLY:-}"
add --skip "${INPUT_SKIP:-}"
add --junit "${INPUT_JUNIT:-}"
add --sarif "${INPUT_SARIF:-}"
add --json "${INPUT_JSON:-}"
add --markdown "${INPUT_MARKDOWN:-}"
case "$(printf '%s' "${INPUT_OFFLINE:-false}" | tr '[:upper:]' '[:lower:]')" in
  true | yes | 1) args+=(--offline) ;;
  false | no | 0 | "") ;;
  *) echo "::error title=launchgate::input offline must be true or false, not '${INPUT_OFFLINE}'"; finish 2 ;;
esac
if [ -n "${INPUT_ARGS:-}" ]; then
  # shlex: quotes in `args` work as in a shell, but nothing is expanded or executed.
  split='import shlex, sys; print("\n".join(shlex.split(sys.argv[1])))'
  if ! extra=$("${LAUNCHGATE_PYTHON:-python3}" -c "$split" "$INPUT_ARGS" 2>/dev/null); then
    echo "::error title=launchgate::cannot split the args input (unbalanced quotes?)"
    finish 2
  fi
  while IFS= read -r word; do
    word=${word%$'\r'} # Python on Windows ends its lines with CRLF
    [ -n "$word" ] && args+=("$word")
  done <<<"$extra"
fi

code=0
"$bin" "${args[@]}" || code=$?
finish "$code"
