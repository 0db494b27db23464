// Runs once when the server starts: a bad configuration stops it here, with a message naming the
// variable, rather than failing the first check someone runs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before any route module loads libSQL's native library (Next preloads them after this hook).
  await import('@/lib/exclude-network-from-reports');
  const { getConfig } = await import('@/lib/config');
  const { parseTrustAnchor } = await import('@/lib/dns/dnssec/trust-anchor');
  try {
    const config = getConfig();
    parseTrustAnchor(config.trustAnchorText, config.trustAnchorSource);
  } catch (err) {
    console.error(`zonecut: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  // REDIS_URL: a Redis that does not answer now stops the start, rather than leave every instance
  // quietly on its own limits.
  if (getConfig().redisUrl) {
    const { getRedis, verifyRedis } = await import('@/lib/redis/redis');
    try {
      await verifyRedis(getRedis()!, getConfig().redisUrl!);
    } catch (err) {
      console.error(`zonecut: ${(err as Error).message}`);
      process.exit(1);
    }
  }
  // Retention (ZONECUT_REPORT_RETENTION_DAYS): old reports go now and then every hour.
  const days = getConfig().reportRetentionDays;
  if (days !== null) {
    const { startRetention } = await import('@/lib/store/retention');
    const { getStore } = await import('@/lib/store/get-store');
    startRetention({ days, store: getStore });
  }
  // Queued jobs (scans, watches): the app works them in-process (lib/jobs/start-job-work.ts).
  const { startJobWork } = await import('@/lib/jobs/start-job-work');
  await startJobWork();
}
