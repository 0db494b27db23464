// What every check receives: the capture, the time of analysis, and each zone cut read once.
import type { Capture } from '@/lib/dns/capture';
import type { Finding } from '@/lib/checks/catalogue';
import { readObservations, readZone, type ZoneView } from '@/lib/checks/zone-view';

export interface CheckContext {
  capture: Capture;
  /** The analysis time (signature expiry is judged against it), never the clock. */
  now: Date;
  /** Root first, as in the capture. */
  zones: ZoneView[];
  /** The target's zone, when the walk found it. */
  target: ZoneView | null;
}

export type Check = (ctx: CheckContext) => Finding[];

export function checkContext(capture: Capture, now: Date): CheckContext {
  const observations = readObservations(capture);
  const zones = capture.cuts.map((cut) => readZone(capture, cut, observations));
  const target = zones.find((z) => z.isTarget) ?? null;
  return { capture, now, zones, target };
}
