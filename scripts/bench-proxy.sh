#!/usr/bin/env bash
# Release-build proxy benchmark (bench/proxy_latency.py): what `ctxtrim
# proxy` adds to a request's latency and takes from throughput, against an
# upstream that answers at once, for 10 KB, 1 MB and 5 MB bodies. Installs
# wrk when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-system-deps.sh wrk
swift build -c release --static-swift-stdlib --product ctxtrim >/dev/null
(cd bench && swift build -c release --product BenchUpstream >/dev/null && swift build -c release --product BenchFloor >/dev/null)
python3 bench/proxy_latency.py "$(swift build -c release --show-bin-path)/ctxtrim" \
  "$(cd bench && swift build -c release --show-bin-path)/BenchUpstream" "$@"
