// lib/dns/walk: the delegation walker. Handed its transports; returns a Capture (plain JSON).
export { walkDelegation, childToward } from '@/lib/dns/walk/walk-delegation';
export type { WalkDeps } from '@/lib/dns/walk/walk-deps';
export { createWalkCache, cacheTtlSeconds, type MemoryWalkCache, type WalkCache, type WalkCacheOptions } from '@/lib/dns/walk/walk-cache';
export { DEFAULT_WALK_LIMITS } from '@/lib/dns/walk/walk-budget';
