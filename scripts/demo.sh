#!/usr/bin/env bash
# Sets everything up and runs the main job: the demo pod (examples/pod.yml)
# decoded, defaulted and validated exactly as the Kubernetes API server
# would, printed as `kubectl apply --dry-run=server -o yaml` prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./build/tools/podctl/podctl version
./build/tools/podctl/podctl apply --dry-run -o yaml -f examples/pod.yml
