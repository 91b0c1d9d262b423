#!/usr/bin/env bash
# Runs `ctxtrim filter` on bundled requests and shows what it removed: a
# Claude Code session that reads ignored files, and a Cline session that
# re-reads the same files (examples/README.md says where each comes from);
# then `ctxtrim audit` over the bundled Claude Code transcripts, as a user
# runs it over ~/.claude/projects, with its page written to .build/.
# An argument is a request file, or FILE:FORMAT to force its wire format:
# the Cline export holds only user and assistant text, a shape that fits
# OpenAI Chat as well, so its format (Anthropic Messages) is named.
set -euo pipefail
requests=("$@")
[ ${#requests[@]} -gt 0 ] || requests=(examples/claude-code-request.json examples/cline-request.json:anthropic-messages)
ctxtrim=$(swift build --show-bin-path)/ctxtrim
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for argument in "${requests[@]}"; do
  request=${argument%%:*}
  format=()
  [ "$request" = "$argument" ] || format=(--format "${argument#*:}")
  "$ctxtrim" filter "${format[@]}" --in "$request" --out "$out"
  before=$(wc -c < "$request")
  after=$(wc -c < "$out")
  echo "ctxtrim filter ${format[*]} < $request"
  echo "  $before bytes in, $after bytes out ($(( (before - after) * 100 / before ))% smaller)"
  markers_in=$({ grep -o '"cache_control"' "$request" || true; } | wc -l)
  markers_out=$({ grep -o '"cache_control"' "$out" || true; } | wc -l)
  echo "  prompt-cache markers: $markers_in set by the client, $((markers_out - markers_in)) added"
  echo "  stubs the model reads in place of what was removed:"
  grep -o '\[ctxtrim: [^]]*\]' "$out" | sed -e 's/\\"/"/g' -e 's/^/    /' > "$out.stubs" || true
  head -8 "$out.stubs"
  total=$(wc -l < "$out.stubs")
  [ "$total" -le 8 ] || echo "    ... and $((total - 8)) more"
  rm -f "$out.stubs"
  echo
done
echo "full report of every edit: ctxtrim filter --in ${requests[0]} --report report.json"
echo

if [ $# -eq 0 ]; then
  page=.build/demo-audit.html
  echo "ctxtrim audit Tests/Fixtures/sessions/claude-code/projects --html $page"
  "$ctxtrim" audit --no-detect-repo --html "$page" Tests/Fixtures/sessions/claude-code/projects 2>/dev/null | sed -n '1,9p' | sed 's/^/  /'
  echo "  ... (the whole table, every session's causes, and what was assumed: run it yourself)"
  echo "  the audit as a page with charts: $page (open it in a browser)"
  echo "  your own sessions: $ctxtrim audit ~/.claude/projects ~/.codex/sessions"
  echo "  to put it in front of Claude Code or Codex: $ctxtrim proxy --print-env"
fi
