import { describe, expect, it } from 'vitest';
import { INITIAL_VIEW_STATE, reportViewReducer, selectedNodeId } from '@/components/report/report-view-state';

describe('reportViewReducer', () => {
  it('toggles and focuses', () => {
    let s = reportViewReducer(INITIAL_VIEW_STATE, { type: 'toggle', id: 'z:.', expanded: false });
    expect(s.overrides).toEqual({ 'z:.': false });
    s = reportViewReducer(s, { type: 'focus', id: 'z:.' });
    expect(s.focusId).toBe('z:.');
    expect(reportViewReducer(s, { type: 'focus', id: 'z:.' })).toBe(s);
  });

  it('reveals a node: opens closed ancestors, selects it and asks for focus', () => {
    const closed = reportViewReducer(INITIAL_VIEW_STATE, { type: 'toggle', id: 'z:a.', expanded: false });
    const s = reportViewReducer(closed, { type: 'reveal-node', id: 'n:a.|ns.a.', ancestors: ['z:a.'], focus: true });
    expect(s.overrides).toEqual({});
    expect(s.selection).toEqual({ kind: 'node', id: 'n:a.|ns.a.' });
    expect(s).toMatchObject({ focusId: 'n:a.|ns.a.', focusRequest: 1 });
    expect(selectedNodeId(s.selection)).toBe('n:a.|ns.a.');
  });

  it('selects a finding and its node', () => {
    const s = reportViewReducer(INITIAL_VIEW_STATE, { type: 'select-finding', index: 2, nodeId: 'z:a.', ancestors: [], focus: true });
    expect(selectedNodeId(s.selection)).toBe('z:a.');
    expect(s.focusRequest).toBe(1);
    const r = reportViewReducer(s, { type: 'select-records', title: 'DS', ids: ['q1'] });
    expect(selectedNodeId(r.selection)).toBeNull();
  });
});
