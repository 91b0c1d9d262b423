#!/usr/bin/env bash
# Release-build benchmarks: median filter throughput (MB/s) per wire format
# with the ordo-one/benchmark harness, then the peak memory of the ctxtrim
# binary (as `make release` builds it) per input against its budget (3 x the
# request + 30 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 bench/make_inputs.py bench/inputs
(cd bench && swift package --allow-writing-to-package-directory benchmark --no-progress --format markdown)
swift build -c release --static-swift-stdlib --product ctxtrim >/dev/null
large=$(find Tests/Fixtures -name "*.json" -size +100k -not -path "*JSONTestSuite*" | sort)
python3 bench/peak_memory.py "$(swift build -c release --show-bin-path)/ctxtrim" $large bench/inputs/*.json
