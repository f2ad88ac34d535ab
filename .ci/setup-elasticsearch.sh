#!/usr/bin/env bash
# Builds the real Elasticsearch the Elasticsearch suites run (test/elasticsearch/): Maven resolves
# org.elasticsearch:elasticsearch + org.elasticsearch.plugin:transport-netty4 from Maven Central into
# ~/.m2 (cached between runs; offline when everything is there) and compiles the node launcher, then
# one node is started and stopped. Idempotent. Needs Java 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then echo "setup-elasticsearch: $tool is not installed"; exit 1; fi
done
echo "setup-elasticsearch: $(java -version 2>&1 | head -1), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
npx tsx test/elasticsearch/buildLauncher.ts
echo "setup-elasticsearch: done in $(( $(date +%s) - started )) s"
