// Test-only switches that change a lab scenario while the app runs, so an end-to-end test can take
// two reports of one domain with something changed in between. Only POST /api/lab/switch flips
// them, and only with ZONECUT_LAB_SWITCHES=on. The state lives on globalThis (shared by every
// route bundle); getLab() builds the lab with it.

/** Scenario → the states it can be in, and the zone whose CSYNC the `applied` state carries out. */
export const LAB_SWITCHES = {
  'csync-pending': { zone: 'csync-pending.test.', states: ['original', 'applied'] },
} as const;

export type LabSwitchScenario = keyof typeof LAB_SWITCHES;
export type LabSwitchState = (typeof LAB_SWITCHES)[LabSwitchScenario]['states'][number];

const state = globalThis as unknown as { __zonecutLabSwitches?: Map<LabSwitchScenario, LabSwitchState> };

function switches(): Map<LabSwitchScenario, LabSwitchState> {
  state.__zonecutLabSwitches ??= new Map();
  return state.__zonecutLabSwitches;
}

export function isLabSwitchScenario(value: unknown): value is LabSwitchScenario {
  return typeof value === 'string' && Object.hasOwn(LAB_SWITCHES, value);
}

export function labSwitchState(scenario: LabSwitchScenario): LabSwitchState {
  return switches().get(scenario) ?? 'original';
}

/** Returns whether the state changed. */
export function setLabSwitch(scenario: LabSwitchScenario, to: LabSwitchState): boolean {
  if (labSwitchState(scenario) === to) return false;
  if (to === 'original') switches().delete(scenario);
  else switches().set(scenario, to);
  return true;
}

/** The zones whose CSYNC the parent has applied, for buildLab's `csyncApplied`. */
export function csyncAppliedZones(): string[] {
  return [...switches()].filter(([, s]) => s === 'applied').map(([scenario]) => LAB_SWITCHES[scenario].zone);
}

/** A string that changes whenever the switches do: the lab built for another one is stale. */
export function labSwitchesKey(): string {
  return csyncAppliedZones().sort().join(',');
}
