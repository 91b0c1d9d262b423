#!/usr/bin/env bash
# Runs `ctxtrim filter` on bundled requests and shows what it removed: a
# Claude Code session that reads ignored files, and a Cline session that
# re-reads the same files (examples/README.md says where each comes from).
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
