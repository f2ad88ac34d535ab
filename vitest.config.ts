import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One shared single-node Elasticsearch, started only when a test calls sharedElasticsearch().
    globalSetup: ['test/elasticsearch/globalSetup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests never depend on wall-clock speed; they may run slow on a 2-core CI machine.
    fileParallelism: true,
  },
});
